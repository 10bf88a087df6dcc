import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from './data-source';
import { syncDefaultTargets } from './reference/sync-default-targets';
import { syncLocalAuthorities } from './reference/sync-local-authorities';

export interface MigrateResult {
  applied: string[];
  localAuthorities: number;
  /** Default target rows newly given to LAs (0 when every LA already has them). */
  defaultTargets: number;
}

/**
 * Row-level security on every table with la_code, including tables of migrations written after
 * the access-control one (see that migration): run after every migrate.
 */
async function applyLaIsolation(ds: DataSource): Promise<void> {
  const [{ present }] = await ds.query(`SELECT to_regprocedure('apply_la_isolation()') IS NOT NULL AS present`);
  if (!present) return;
  await ds.query('SELECT apply_la_isolation()');
  // Ingest stages batches in temporary tables as send_app, even where TEMP is revoked from PUBLIC.
  await ds.query(`DO $$ BEGIN EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO send_app', current_database()); END $$`);
}

/** Any fixed number: the advisory lock that lets one process migrate while others wait. */
const MIGRATION_LOCK = 805_2014;

/** Applies pending migrations, refreshes the reference LA list, then gives LAs the default targets. */
export async function migrateDataSource(ds: DataSource): Promise<MigrateResult> {
  const applied = await ds.runMigrations({ transaction: 'each' });
  await applyLaIsolation(ds);
  const localAuthorities = await syncLocalAuthorities(ds);
  const defaultTargets = await syncDefaultTargets(ds);
  return { applied: applied.map((m) => m.name), localAuthorities, defaultTargets };
}

/**
 * Migrates the database at `databaseUrl`. API and worker may both migrate on start, so the
 * work runs under a session advisory lock held on its own connection.
 */
export async function migrate(databaseUrl: string): Promise<MigrateResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await migrateUnderLock(databaseUrl);
    } catch (e) {
      // The role send_app and its grants live in cluster-wide catalogs, which the advisory lock
      // (per database) does not cover: PostgreSQL answers a concurrent GRANT or CREATE ROLE from
      // another database with "tuple concurrently updated/deleted". Each migration runs in its
      // own transaction, so trying again is safe.
      if (attempt >= 5 || !/tuple concurrently (updated|deleted)/.test((e as Error).message)) throw e;
      await new Promise((r) => setTimeout(r, 100 * attempt + Math.floor(Math.random() * 100)));
    }
  }
}

async function migrateUnderLock(databaseUrl: string): Promise<MigrateResult> {
  const lock = new Client({ connectionString: databaseUrl });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const ds = createDataSource(databaseUrl, { extra: { max: 1 } });
    await ds.initialize();
    try {
      return await migrateDataSource(ds);
    } finally {
      await ds.destroy();
    }
  } finally {
    await lock.end();
  }
}
