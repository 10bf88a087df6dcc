// The default targets of config/targets.json, given to every LA that does not yet have a target
// of that name. Existing rows are never touched: an LA's edits (source 'local') survive migrate.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { type Target, parseTarget } from '@app/rules';
import { REFERENCE_DIR } from './local-authorities';

export const DEFAULT_TARGETS_FILE = join(REFERENCE_DIR, '..', 'targets.json');

export type DefaultTarget = Target & { name: string };

/** Reads and validates the default targets; a bad one fails naming the target and the field. */
export function loadDefaultTargets(file = DEFAULT_TARGETS_FILE): DefaultTarget[] {
  const json = JSON.parse(readFileSync(file, 'utf8')) as { targets?: unknown };
  if (!Array.isArray(json.targets)) throw new Error(`${file}: targets must be a list`);
  return json.targets.map((raw: unknown, i: number) => {
    const name = (raw as { name?: unknown } | null)?.name;
    const label = typeof name === 'string' && name ? name : `#${i}`;
    try {
      const t = parseTarget(raw);
      if (!t.name) throw new Error('target.name is required');
      return t as DefaultTarget;
    } catch (e) {
      throw new Error(`${file}: default target ${label}: ${(e as Error).message}`, { cause: e });
    }
  });
}

/** Inserts each default target for every LA in one statement; returns how many rows were new. */
export async function syncDefaultTargets(ds: DataSource, targets = loadDefaultTargets()): Promise<number> {
  const rows: unknown[] = await ds.query(
    `INSERT INTO targets (la_code, name, pathway, measure, threshold, comparator, deadline, trajectory, interpolation, source)
     SELECT la.la_code, t.name, t.pathway, t.measure, t.threshold, t.comparator, t.deadline, t.trajectory, t.interpolation, 'default'
     FROM local_authorities la
     CROSS JOIN jsonb_to_recordset($1::jsonb) AS t(name text, pathway text, measure text, threshold float8,
       comparator text, deadline date, trajectory jsonb, interpolation text)
     ON CONFLICT (la_code, name) DO NOTHING
     RETURNING 1`,
    [JSON.stringify(targets.map(({ la: _la, ...t }) => t))],
  );
  return rows.length;
}
