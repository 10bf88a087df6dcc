import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppConfig, ENV_NAMES, SECRET_BEARING, SECRET_SETTINGS } from './app-config';

export const CONFIG_DIR = join(__dirname, '..', '..', '..', 'config');

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

function readJson(file: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError([`${file} is not valid JSON: ${(e as Error).message}`]);
  }
}

/** Environment values are strings; turn them into the type the file default has. */
function coerce(raw: string, like: unknown): unknown {
  if (typeof like === 'number') return raw.trim() === '' ? NaN : Number(raw);
  if (typeof like === 'boolean') {
    if (/^(true|1|yes)$/i.test(raw)) return true;
    if (/^(false|0|no)$/i.test(raw)) return false;
    return raw;
  }
  return raw;
}

/** A URL with a password in it (postgres://user:secret@host). */
function hasPassword(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    return new URL(value).password !== '';
  } catch {
    return false;
  }
}

/** Secrets come from the environment only: a password in a config file stops the process. */
export function secretsInFiles(fromFiles: Record<string, unknown>): string[] {
  const passwords = SECRET_BEARING.filter((key) => hasPassword(fromFiles[key])).map(
    (key) => `${key}: a password in a config file; give it in the environment (${ENV_NAMES[key]}) instead`,
  );
  const secrets = SECRET_SETTINGS.filter((key) => typeof fromFiles[key] === 'string' && fromFiles[key] !== '').map(
    (key) => `${key}: a secret in a config file; give it in the environment (${ENV_NAMES[key]}) instead`,
  );
  return [...passwords, ...secrets];
}

/**
 * Layers config/default.json, config/<APP_ENV>.json and the environment, then validates.
 * Throws ConfigError naming each bad setting (and its environment variable).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const appEnv = env.APP_ENV ?? (env.NODE_ENV === 'test' ? 'test' : 'development');
  const merged: Record<string, unknown> = {
    ...readJson(join(CONFIG_DIR, 'default.json')),
    ...readJson(join(CONFIG_DIR, `${appEnv}.json`)),
    env: appEnv,
  };
  const inFiles = secretsInFiles(merged);
  if (inFiles.length) throw new ConfigError(inFiles);
  for (const [key, name] of Object.entries(ENV_NAMES)) {
    const raw = env[name];
    if (raw !== undefined && key !== 'env') merged[key] = coerce(raw, merged[key]);
  }
  const config = plainToInstance(AppConfig, merged);
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length) {
    throw new ConfigError(
      errors.map((e) => {
        const name = ENV_NAMES[e.property as keyof AppConfig] ?? e.property;
        const why = Object.values(e.constraints ?? {}).join('; ');
        return `${e.property} (${name}) = ${JSON.stringify(e.value)}: ${why}`;
      }),
    );
  }
  return config;
}

let cached: AppConfig | undefined;

/** The process's configuration, loaded once. */
export function appConfig(): AppConfig {
  return (cached ??= loadConfig());
}

/** Loads the configuration or stops the process with a message naming the bad settings. */
export function loadConfigOrExit(): AppConfig {
  try {
    return appConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
}
