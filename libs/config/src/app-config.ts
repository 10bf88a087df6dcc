import { IsBoolean, IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';

const IsCron = () => Matches(/^(\S+\s+){5}\S+$/, { message: 'must be a six-field cron expression (with seconds)' });

/** Every setting the apps read. Values come from config/*.json, then the environment. */
export class AppConfig {
  /** Which config/<env>.json is layered over config/default.json. */
  @IsIn(['development', 'test', 'production'])
  env: 'development' | 'test' | 'production';

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// URL' })
  databaseUrl: string;

  /**
   * Connections a process keeps open once it has opened them, idle, of its pool of 10. A new
   * connection is costly beside a kept one: PostgreSQL maps its shared buffers into it page by
   * page as it first reads them (without huge pages, a fault each), so a pool that closed idle
   * connections started each nightly pass, and each page after a quiet spell, on new ones.
   */
  @IsInt()
  @Min(0)
  @Max(10)
  databaseConnectionsKept: number;

  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// URL' })
  redisUrl: string;

  /** Prefix of every Redis key (queues), so deployments and test runs can share a server. */
  @Matches(/^[a-zA-Z0-9_:-]{1,40}$/)
  redisPrefix: string;

  @IsInt()
  @Min(1)
  @Max(65535)
  apiPort: number;

  @IsInt()
  @Min(1)
  @Max(65535)
  workerHealthPort: number;

  @IsBoolean()
  migrateOnStart: boolean;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  logLevel: string;

  /** Largest batch `POST /v1/events` accepts (the contract says 10,000). */
  @IsInt()
  @Min(1)
  @Max(100000)
  ingestMaxBatch: number;

  /** Largest JSON body, as body-parser reads it ('20mb'). */
  @Matches(/^\d+(kb|mb)$/, { message: "must look like '20mb' or '500kb'" })
  ingestBodyLimit: string;

  /** How many per-row errors an import reports in full (the rest are counted). */
  @IsInt()
  @Min(1)
  @Max(100000)
  importErrorLimit: number;

  /** The largest file an import takes, in MB (an SEN2 return of the largest LA is tens of MB). */
  @IsInt()
  @Min(1)
  @Max(100000)
  importMaxMegabytes: number;

  /** Where the Import data page holds uploads until imported or discarded ('' = a folder in the temporary directory). */
  @IsString()
  importUploadDir: string;

  @IsString()
  timeZone: string;

  /** Where alert digests and weekly summaries are mailed from (smtp://host:port). */
  @Matches(/^smtps?:\/\/.+/, { message: 'must be an smtp:// URL' })
  smtpUrl: string;

  @Matches(/^[^@\s]+@[^@\s]+$/, { message: 'must be an email address' })
  mailFrom: string;

  /** Whether this worker's clock ticks enqueue the scheduled jobs (every instance may; ids dedupe). */
  @IsBoolean()
  schedulesEnabled: boolean;

  /**
   * Whether a recompute that wrote an LA's EHC assessments queues that LA's forecasts job, so the
   * next ask reads the kept answer (off: asks make it until the night's job). Off in tests: a large
   * LA's forecasts, made in whichever test file's in-process worker takes the job, held up that
   * file's own recomputes.
   */
  @IsBoolean()
  forecastsAfterRecompute: boolean;

  /**
   * How long the forecasts job queued after a recompute waits before it runs. Adds meanwhile join
   * it, so under a steady stream of batches an LA's forecasts are made at most once a wait, not
   * after every batch: a large LA's take hundreds of milliseconds of the worker's one thread, which
   * held up the recomputes and alerts behind them (issue 16's event-to-alert latency). An ask in
   * between makes its answer itself, as before any is kept.
   */
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  forecastsAfterRecomputeDelayMs: number;

  /** How often the worker drains the outboxes (recompute requests, alerts), in milliseconds. */
  @IsInt()
  @Min(20)
  @Max(60000)
  outboxPollMs: number;

  /** An outbox row queued this long ago but not yet done is queued again (its job was lost). */
  @IsInt()
  @Min(500)
  @Max(3600000)
  outboxRetryMs: number;

  /** Cases per recompute job: a batch for 2,000 cases becomes a handful of jobs. */
  @IsInt()
  @Min(1)
  @Max(10000)
  recomputeJobCases: number;

  /** Cases per chunk of the nightly pass (memory holds one chunk, and progress is saved per chunk). */
  @IsInt()
  @Min(1)
  @Max(100000)
  nightlyChunkCases: number;

  /**
   * Whether the nightly pass is split into one job per LA, so every worker process shares it (the
   * pass over all LAs waits for them, then escalates and recomputes targets). Off: one job walks every LA.
   */
  @IsBoolean()
  nightlyByLa: boolean;

  /** Jobs each worker process runs at once per queue. */
  @IsInt()
  @Min(1)
  @Max(64)
  workerConcurrency: number;

  /**
   * The queues this worker process takes jobs from (comma-separated). Every queue by default; a
   * deployment may run, say, one process for `recompute,alerts` and another for
   * `snapshots,summaries`, so a large LA's forecasts (seconds of one thread) never hold up an
   * ingest's recompute and its alerts. Each queue must be taken by some process.
   */
  @Matches(/^(recompute|alerts|snapshots|summaries)(,(recompute|alerts|snapshots|summaries))*$/, {
    message: 'must be a comma-separated list of recompute, alerts, snapshots, summaries',
  })
  workerQueues: string;

  /** How long a job's lock lasts without renewal: a killed worker's job returns after about this. */
  @IsInt()
  @Min(1000)
  @Max(600000)
  queueLockMs: number;

  /** When the schedules tick, as cron expressions with seconds, in Europe/London time. */
  @IsCron()
  nightlyCron: string;

  @IsCron()
  digestCron: string;

  @IsCron()
  weeklySummaryCron: string;

  /** How long a sign-in lasts (the session token's expiry), in minutes. */
  @IsInt()
  @Min(5)
  @Max(10080)
  sessionTtlMinutes: number;

  /** bcrypt cost of stored password hashes (12 in production; low in tests only). */
  @IsInt()
  @Min(4)
  @Max(15)
  passwordHashCost: number;

  /** Requests per minute from one address to the API. */
  @IsInt()
  @Min(1)
  @Max(10000000)
  rateLimitPerMinute: number;

  /** Sign-in attempts per minute from one address. */
  @IsInt()
  @Min(1)
  @Max(10000000)
  signInRateLimitPerMinute: number;

  /**
   * Failed sign-ins of one account (its email, trimmed and lower-cased) within the window, on either
   * sign-in route and any API instance (counted in Redis), that lock it for signInLockoutMinutes.
   */
  @IsInt()
  @Min(1)
  @Max(1000)
  signInLockoutAccountFailures: number;

  /** Failed sign-ins from one client address within the window, whatever the accounts, that lock the address. */
  @IsInt()
  @Min(1)
  @Max(10000000)
  signInLockoutAddressFailures: number;

  /** How long failed sign-ins are counted (from the first of them), in minutes. */
  @IsInt()
  @Min(1)
  @Max(1440)
  signInLockoutWindowMinutes: number;

  /** How long a lockout lasts, in minutes: it ends by itself. */
  @IsInt()
  @Min(1)
  @Max(1440)
  signInLockoutMinutes: number;

  /** Origins allowed to call the API from a browser (comma-separated); empty: CORS closed. */
  @Matches(/^(|https?:\/\/[^\s,]+(,https?:\/\/[^\s,]+)*)$/, { message: 'must be empty or comma-separated http(s) origins' })
  corsOrigins: string;

  /** Reverse proxies in front of the API whose X-Forwarded-For to trust (rate limits per client, not per proxy). */
  @IsInt()
  @Min(0)
  @Max(10)
  trustProxyHops: number;

  /** Whether the session cookie is marked Secure (HTTPS only): true in production. */
  @IsBoolean()
  secureCookies: boolean;

  /**
   * The Bearer token a Prometheus scraper sends to GET /metrics (API and worker); empty turns
   * /metrics off (404). A secret: from the environment only.
   */
  @Matches(/^(|[A-Za-z0-9._~+/=-]{24,200})$/, { message: 'must be empty (metrics off) or 24 to 200 URL-safe characters' })
  metricsToken: string;
}

/** Environment variable for each setting. */
export const ENV_NAMES: Record<keyof AppConfig, string> = {
  env: 'APP_ENV',
  databaseUrl: 'DATABASE_URL',
  databaseConnectionsKept: 'DATABASE_CONNECTIONS_KEPT',
  redisUrl: 'REDIS_URL',
  redisPrefix: 'REDIS_PREFIX',
  apiPort: 'API_PORT',
  workerHealthPort: 'WORKER_HEALTH_PORT',
  migrateOnStart: 'MIGRATE_ON_START',
  logLevel: 'LOG_LEVEL',
  ingestMaxBatch: 'INGEST_MAX_BATCH',
  ingestBodyLimit: 'INGEST_BODY_LIMIT',
  importErrorLimit: 'IMPORT_ERROR_LIMIT',
  importMaxMegabytes: 'IMPORT_MAX_MB',
  importUploadDir: 'IMPORT_UPLOAD_DIR',
  timeZone: 'TZ_REPORTS',
  smtpUrl: 'SMTP_URL',
  mailFrom: 'MAIL_FROM',
  schedulesEnabled: 'SCHEDULES_ENABLED',
  forecastsAfterRecompute: 'FORECASTS_AFTER_RECOMPUTE',
  forecastsAfterRecomputeDelayMs: 'FORECASTS_AFTER_RECOMPUTE_DELAY_MS',
  outboxPollMs: 'OUTBOX_POLL_MS',
  recomputeJobCases: 'RECOMPUTE_JOB_CASES',
  outboxRetryMs: 'OUTBOX_RETRY_MS',
  workerConcurrency: 'WORKER_CONCURRENCY',
  workerQueues: 'WORKER_QUEUES',
  nightlyChunkCases: 'NIGHTLY_CHUNK_CASES',
  nightlyByLa: 'NIGHTLY_BY_LA',
  queueLockMs: 'QUEUE_LOCK_MS',
  nightlyCron: 'NIGHTLY_CRON',
  digestCron: 'DIGEST_CRON',
  weeklySummaryCron: 'WEEKLY_SUMMARY_CRON',
  sessionTtlMinutes: 'SESSION_TTL_MINUTES',
  passwordHashCost: 'PASSWORD_HASH_COST',
  rateLimitPerMinute: 'RATE_LIMIT_PER_MINUTE',
  signInRateLimitPerMinute: 'SIGN_IN_RATE_LIMIT_PER_MINUTE',
  signInLockoutAccountFailures: 'SIGN_IN_LOCKOUT_ACCOUNT_FAILURES',
  signInLockoutAddressFailures: 'SIGN_IN_LOCKOUT_ADDRESS_FAILURES',
  signInLockoutWindowMinutes: 'SIGN_IN_LOCKOUT_WINDOW_MINUTES',
  signInLockoutMinutes: 'SIGN_IN_LOCKOUT_MINUTES',
  corsOrigins: 'CORS_ORIGINS',
  secureCookies: 'SECURE_COOKIES',
  trustProxyHops: 'TRUST_PROXY_HOPS',
  metricsToken: 'METRICS_TOKEN',
};

/** Settings that may carry a password: accepted from the environment only, never from a file. */
export const SECRET_BEARING: (keyof AppConfig)[] = ['databaseUrl', 'redisUrl', 'smtpUrl'];

/** Settings that are secrets whole: any value in a config file stops the process. */
export const SECRET_SETTINGS: (keyof AppConfig)[] = ['metricsToken'];
