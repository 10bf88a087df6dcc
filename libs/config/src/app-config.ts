import { IsBoolean, IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';

/** Every setting the apps read. Values come from config/*.json, then the environment. */
export class AppConfig {
  /** Which config/<env>.json is layered over config/default.json. */
  @IsIn(['development', 'test', 'production'])
  env: 'development' | 'test' | 'production';

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// URL' })
  databaseUrl: string;

  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// URL' })
  redisUrl: string;

  /** Prefix of every Redis key (queues), so deployments and test runs can share a server. */
  @Matches(/^[a-zA-Z0-9_:-]{1,40}$/)
  redisPrefix: string;

  @IsInt() @Min(1) @Max(65535)
  apiPort: number;

  @IsInt() @Min(1) @Max(65535)
  workerHealthPort: number;

  @IsBoolean()
  migrateOnStart: boolean;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  logLevel: string;

  /** Largest batch `POST /v1/events` accepts (the contract says 10,000). */
  @IsInt() @Min(1) @Max(100000)
  ingestMaxBatch: number;

  /** Largest JSON body, as body-parser reads it ('20mb'). */
  @Matches(/^\d+(kb|mb)$/, { message: "must look like '20mb' or '500kb'" })
  ingestBodyLimit: string;

  /** How many per-row errors an import reports in full (the rest are counted). */
  @IsInt() @Min(1) @Max(100000)
  importErrorLimit: number;

  @IsString()
  timeZone: string;
}

/** Environment variable for each setting. */
export const ENV_NAMES: Record<keyof AppConfig, string> = {
  env: 'APP_ENV',
  databaseUrl: 'DATABASE_URL',
  redisUrl: 'REDIS_URL',
  redisPrefix: 'REDIS_PREFIX',
  apiPort: 'API_PORT',
  workerHealthPort: 'WORKER_HEALTH_PORT',
  migrateOnStart: 'MIGRATE_ON_START',
  logLevel: 'LOG_LEVEL',
  ingestMaxBatch: 'INGEST_MAX_BATCH',
  ingestBodyLimit: 'INGEST_BODY_LIMIT',
  importErrorLimit: 'IMPORT_ERROR_LIMIT',
  timeZone: 'TZ_REPORTS',
};
