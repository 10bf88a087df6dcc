// The container files, checked for the rules they follow, since this machine has no Docker engine
// to build or run them: a multi-stage Dockerfile on a pinned base, running as a non-root user
// with a health check, one image for the API, the worker and the command line; a compose file
// that runs PostgreSQL, Redis, Mailpit, the API and the worker, each with a health check. Where a
// compose CLI is installed (docker compose, or docker-compose), it validates the file too.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

interface Instruction {
  op: string;
  args: string;
}

/** The Dockerfile's instructions (continuation lines joined, comments dropped), ARG defaults substituted. */
function dockerfile(): { stages: { name: string; from: string; body: Instruction[] }[]; args: Record<string, string> } {
  const lines = read('Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const args: Record<string, string> = {};
  const stages: { name: string; from: string; body: Instruction[] }[] = [];
  for (const line of lines) {
    const [, op, rest] = /^(\S+)\s+(.*)$/.exec(line) ?? [];
    const instruction = { op: op.toUpperCase(), args: rest.replace(/\$\{(\w+)\}/g, (_, n: string) => args[n] ?? '') };
    if (instruction.op === 'ARG' && !stages.length) {
      const [name, value] = rest.split('=');
      args[name] = value ?? '';
    } else if (instruction.op === 'FROM') {
      const [, from, name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args) ?? [];
      stages.push({ name: name ?? String(stages.length), from, body: [] });
    } else {
      stages[stages.length - 1]?.body.push(instruction);
    }
  }
  return { stages, args };
}

/** An image reference pinned to an exact release (name:1.2 or 1.2.3, with or without a suffix) or a digest. */
const pinned = (image: string) => /@sha256:[0-9a-f]{64}$/.test(image) || /:v?\d+\.\d+(\.\d+)?(-[\w.-]+)?$/.test(image);

describe('Dockerfile', () => {
  const { stages } = dockerfile();
  const runtime = stages[stages.length - 1];
  const ops = (op: string) => runtime.body.filter((i) => i.op === op);

  it('builds in stages, every base image pinned to a release, never latest', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'prod-deps', 'runtime']);
    for (const s of stages) {
      const external = !stages.some((other) => other.name === s.from);
      if (external) expect(pinned(s.from)).toBe(true);
      expect(s.from).not.toMatch(/:latest$/);
    }
  });

  it('runs as a non-root user, with a health check, the code owned by root', () => {
    const users = ops('USER').map((i) => i.args);
    expect(users.length).toBeGreaterThan(0);
    expect(users[users.length - 1]).not.toMatch(/^(root|0)(:|$)/);
    // USER comes before the process starts, and no later COPY hands the code to that user.
    const order = runtime.body.map((i) => i.op);
    expect(order.lastIndexOf('USER')).toBeLessThan(order.indexOf('ENTRYPOINT'));
    expect(ops('COPY').some((i) => /--chown/.test(i.args))).toBe(false);
    expect(ops('HEALTHCHECK')).toHaveLength(1);
    expect(ops('HEALTHCHECK')[0].args).toContain('scripts/healthcheck.js');
  });

  it('keeps the runtime small: runtime dependencies only, compiled code only, no compiler', () => {
    const prodDeps = stages.find((s) => s.name === 'prod-deps')!;
    expect(prodDeps.body.some((i) => i.op === 'RUN' && /npm ci\b.*--omit=dev/.test(i.args))).toBe(true);
    expect(ops('RUN')).toEqual([]); // nothing installed or built in the final stage
    const copies = ops('COPY').map((i) => i.args);
    expect(copies).toContainEqual(expect.stringMatching(/^--from=prod-deps \S*node_modules/));
    expect(copies).toContainEqual(expect.stringMatching(/^--from=build \S*dist/));
    expect(copies.some((c) => /^(apps|libs|test)\b/.test(c))).toBe(false);
  });

  it('runs the API, the worker and the command line from the same image', () => {
    expect(ops('ENTRYPOINT')[0].args).toBe('["node", "scripts/start.js"]');
    expect(ops('CMD')[0].args).toBe('["api"]');
    const start = read('scripts/start.js');
    for (const [which, source] of [
      ['api', 'apps/ingest-api/src/main.ts'],
      ['worker', 'apps/worker/src/main.ts'],
      ['cli', 'apps/ingest-api/src/cli/main.ts'],
    ]) {
      expect(start).toContain(`${which}: '${source.replace(/\.ts$/, '.js')}'`);
      expect(existsSync(join(ROOT, source))).toBe(true);
    }
  });

  it('sends nothing secret or bulky to the builder (.dockerignore)', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['.git', '.env', 'node_modules', 'dist', 'test-artifacts', 'backups']) expect(ignored).toContain(entry);
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as {
    services: Record<
      string,
      {
        image?: string;
        build?: unknown;
        command?: string[];
        healthcheck?: { test?: string[]; disable?: boolean };
        environment?: Record<string, string>;
        depends_on?: Record<string, { condition: string }>;
      }
    >;
  };
  const services = compose.services;

  it('runs PostgreSQL, Redis, Mailpit, the API and the worker, each with a health check', () => {
    for (const name of ['postgres', 'redis', 'mailpit', 'api', 'worker']) {
      expect(services[name]).toBeDefined();
      expect(services[name].healthcheck?.test?.length).toBeGreaterThan(0);
    }
  });

  it('pins every image it pulls, and builds one image for the API, the worker and the migration', () => {
    for (const [name, s] of Object.entries(services)) if (!s.build) expect([name, pinned(s.image ?? '')]).toEqual([name, true]);
    const built = ['migrate', 'api', 'worker'].map((n) => services[n]);
    expect(new Set(built.map((s) => s.image)).size).toBe(1);
    expect(built.map((s) => s.command)).toEqual([['cli', 'migrate'], ['api'], ['worker']]);
  });

  it('starts the apps once the services are healthy and the migration has run', () => {
    for (const name of ['api', 'worker']) {
      expect(services[name].depends_on).toMatchObject({
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
        migrate: { condition: 'service_completed_successfully' },
      });
    }
  });

  it('keeps Redis append-only (BullMQ jobs survive a restart) and takes secrets from the environment', () => {
    expect(services.redis.command?.join(' ')).toMatch(/--appendonly yes/);
    const raw = read('docker-compose.yml');
    expect(raw).toMatch(/METRICS_TOKEN: \$\{METRICS_TOKEN:-\}/);
    expect(raw).toMatch(/CHILD_REF_SECRET: \$\{CHILD_REF_SECRET:-\}/);
    for (const s of Object.values(services)) expect(s.environment?.DATABASE_URL ?? '').not.toMatch(/:\/\/[^/@]*:[^/@]*@/);
  });

  it('is a valid compose file for the compose CLI where one is installed', () => {
    const cli = [
      ['docker', ['compose']],
      ['docker-compose', []],
    ].find(([cmd, sub]) => spawnSync(cmd as string, [...(sub as string[]), 'version'], { stdio: 'ignore' }).status === 0) as
      [string, string[]] | undefined;
    // Without a compose CLI the parse above is the check; with one, `config` must accept the file.
    if (cli) execFileSync(cli[0], [...cli[1], '-f', join(ROOT, 'docker-compose.yml'), 'config', '-q'], { cwd: ROOT, stdio: 'pipe' });
    expect(services.api).toBeDefined();
  });
});
