// How the PostgreSQL server under a benchmark maps its shared memory, printed beside the figures.
// Without huge pages every new connection maps shared_buffers 4 kB at a time as it first touches
// them (a page fault each, 30 to 50 microseconds on this machine): a nightly pass's seven
// connections spent about 2 s of its 11 s that way (docs/operations.md, PostgreSQL settings).
import { readFileSync } from 'node:fs';
import { Client } from 'pg';

/** Huge pages the kernel of this machine holds and has free, when the server runs here. */
function hugePagesHere(): { total: number; free: number } | null {
  try {
    const info = readFileSync('/proc/meminfo', 'utf8');
    const read = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(info)?.[1] ?? NaN);
    return { total: read('HugePages_Total'), free: read('HugePages_Free') };
  } catch {
    return null;
  }
}

/**
 * Whether this connection's server process maps its shared memory in huge pages, read from its
 * memory map when the server runs here and may be read (PostgreSQL 15 does not say itself; 17's
 * huge_pages_status does): hugetlb memory shows as /anon_hugepage, 4 kB pages as /dev/zero.
 */
function mapsHugePages(pid: number): boolean | null {
  try {
    const maps = readFileSync(`/proc/${pid}/maps`, 'utf8');
    if (maps.includes('/anon_hugepage')) return true;
    return maps.includes('/dev/zero') ? false : null;
  } catch {
    return null;
  }
}

export async function serverMemoryLine(url: string): Promise<string> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const show = async (name: string) => (await db.query(`SHOW ${name}`)).rows[0][name] as string;
    const [buffers, huge] = [await show('shared_buffers'), await show('huge_pages')];
    // Known from PostgreSQL 15: the huge pages the server's shared memory needs.
    const needs = await show('shared_memory_size_in_huge_pages').catch(() => null);
    const local = ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
    const inUse = local ? mapsHugePages((await db.query('SELECT pg_backend_pid() AS pid')).rows[0].pid) : null;
    const here = local ? hugePagesHere() : null;
    const use = inUse === null ? '' : inUse ? ', in use' : ', not in use: shared memory mapped 4 kB at a time';
    const machine = here === null ? '' : `; this machine holds ${here.total} huge pages, ${here.free} free`;
    return `PostgreSQL: shared_buffers ${buffers}, huge_pages ${huge}${needs === null ? '' : ` (needs ${needs})`}${use}${machine}`;
  } finally {
    await db.end();
  }
}
