// Real processes for resilience tests: a private Redis server and worker processes.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import IORedis from 'ioredis';

const ROOT = join(__dirname, '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A Redis of the test's own (it may be stopped without touching the shared one). Keeps nothing on disk. */
export async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const probe = new IORedis(`redis://127.0.0.1:${port}`, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  for (let i = 0; i < 100; i++) {
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      return child;
    } catch {
      probe.disconnect();
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`redis-server did not start on ${port}`);
}

/**
 * Signals the process; resolves once it has exited and all it wrote has been read. That is 'close',
 * not 'exit': 'exit' can come before the last of a pipe's data, and a test reading `output` then
 * missed a worker's last log line (CI of 93d3763, worker-shutdown.e2e-spec).
 */
export async function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  const exited = child.exitCode !== null || child.signalCode !== null;
  const pipes = [child.stdout, child.stderr].filter((s) => s !== null);
  if (exited && pipes.every((s) => s.closed)) return;
  await new Promise<void>((resolve) => {
    child.once('close', () => resolve());
    if (!exited) child.kill(signal);
  });
}

/** The last `lines` lines a process started here wrote (stdout and stderr), for a failure's message. */
export function lastOutput(child: { output: string[] }, lines = 60): string {
  return child.output.join('').split('\n').slice(-lines).join('\n');
}

/** A worker process (`npm run start:worker`) with the given environment; resolves once it is up. */
export async function startWorkerProcess(env: Record<string, string>): Promise<ChildProcess & { output: string[] }> {
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'run.js'), 'apps/worker/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & { output: string[] };
  child.output = [];
  const collect = (d: Buffer) => child.output.push(d.toString());
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const until = Date.now() + 60000;
  while (!child.output.join('').includes('worker running')) {
    if (child.exitCode !== null) throw new Error(`worker exited: ${child.output.join('')}`);
    if (Date.now() > until) throw new Error(`worker did not start: ${child.output.join('')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return child;
}

/**
 * A worker process against a test's own database and Redis: schedules off, a quick outbox poll,
 * mail to a closed port (digests are not under test where this is used). `extra` adds or overrides.
 */
export async function startTestWorker(databaseUrl: string, redisPort: number, extra: Record<string, string> = {}) {
  return startWorkerProcess({
    DATABASE_URL: databaseUrl,
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    WORKER_HEALTH_PORT: String(await freePort()),
    SMTP_URL: 'smtp://127.0.0.1:9',
    OUTBOX_POLL_MS: '50',
    SCHEDULES_ENABLED: 'false',
    ...extra,
  });
}

/** An API process (`npm run start:api`) on its own port with the given environment; resolves once it listens. */
export async function startApiProcess(env: Record<string, string>): Promise<ChildProcess & { output: string[]; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'run.js'), 'apps/ingest-api/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, API_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & { output: string[]; url: string };
  child.output = [];
  child.url = `http://127.0.0.1:${port}`;
  const collect = (d: Buffer) => child.output.push(d.toString());
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const until = Date.now() + 60000;
  while (!child.output.join('').includes('ingest-api listening')) {
    if (child.exitCode !== null) throw new Error(`API exited: ${child.output.join('')}`);
    if (Date.now() > until) throw new Error(`API did not start: ${child.output.join('')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return child;
}
