import type { DataSource } from 'typeorm';
import { APP_DB_ROLE, LA_SETTING } from './db-role';
import type { Principal } from './principal';
import { runAsPrincipal, runAsSystem } from './request-scope';

/**
 * A table with the la_isolation policy. Not local_authorities: its policy (la_reference) shows
 * every LA to everyone, so a forgotten filter there proves nothing.
 */
const PROBE_TABLE = 'cases';
/** The LA to act as when none is loaded yet: well-formed, and no row can belong to it. */
const NO_LA = '000';

/** What the self-check saw: as the owner, as a principal of one LA, and unscoped again after. */
export interface LaScopeProbe {
  owner: string;
  la: string;
  scoped: { role: string; las: string | null; rls: boolean; others: number } | { error: string };
  after: { role: string; las: string | null };
}

/** Everything about the probe that shows requests would not be limited to their principal's LAs. */
export function laScopeFailures(p: LaScopeProbe): string[] {
  const failures: string[] = [];
  if (p.owner === APP_DB_ROLE) failures.push(`outside any request the database user is already ${APP_DB_ROLE}, not the owner`);
  const as = `as a principal of LA ${p.la}`;
  if ('error' in p.scoped) {
    failures.push(`${as}, the probe query failed: ${p.scoped.error}`);
  } else {
    const { role, las, rls, others } = p.scoped;
    if (role !== APP_DB_ROLE) failures.push(`${as}, current_user is ${role}, not ${APP_DB_ROLE}`);
    if (las !== p.la) failures.push(`${as}, ${LA_SETTING} is ${JSON.stringify(las)}, not "${p.la}"`);
    if (!rls) failures.push(`${as}, row security is not active on ${PROBE_TABLE}`);
    if (others !== 0) failures.push(`${as}, a query without an LA filter saw ${others} rows of other LAs in ${PROBE_TABLE}`);
  }
  if (p.after.role !== p.owner) failures.push(`after release, an unscoped query runs as ${p.after.role}, not the owner ${p.owner}`);
  if (p.after.las) failures.push(`after release, ${LA_SETTING} is still ${JSON.stringify(p.after.las)} outside any request`);
  return failures;
}

/** Runs the probe: the owner's view, one principal's, then the owner's again. */
export async function probeLaScope(dataSource: Pick<DataSource, 'query'>): Promise<LaScopeProbe> {
  const [start] = await runAsSystem(() =>
    dataSource.query(`SELECT current_user AS role, (SELECT la_code FROM local_authorities ORDER BY la_code LIMIT 1) AS la`),
  );
  const la: string = start.la ?? NO_LA;
  const principal: Principal = {
    kind: 'user',
    id: 'la-scope-self-check',
    label: 'start-up LA scope self-check',
    role: 'leader',
    las: [la],
  };
  const scoped = await runAsPrincipal(principal, () =>
    dataSource.query(
      `SELECT current_user AS role, current_setting('${LA_SETTING}', true) AS las, row_security_active('${PROBE_TABLE}') AS rls,
              (SELECT count(*)::int FROM ${PROBE_TABLE} WHERE la_code <> $1) AS others`,
      [la],
    ),
  ).then(
    ([row]) => row,
    (err: Error) => ({ error: err.message }),
  );
  // The pool hands out the connection released last, so this is normally the one just scoped.
  const [after] = await runAsSystem(() => dataSource.query(`SELECT current_user AS role, current_setting('${LA_SETTING}', true) AS las`));
  return { owner: start.role, la, scoped, after };
}

/**
 * The API's start-up self-check: proves, through the DataSource requests will use, that a query
 * made as a principal of one LA runs as send_app with that LA set and sees no row of another LA
 * even without a filter, and that the next query outside a request runs as the owner again.
 * Throws, naming every failure, so an app whose LA scope is not in force never starts.
 */
export async function checkLaScope(dataSource: Pick<DataSource, 'query'>): Promise<void> {
  const failures = laScopeFailures(await probeLaScope(dataSource));
  if (failures.length) {
    throw new Error(`LA scope self-check failed (is the DataSource a LaScopedDataSource?): ${failures.join('; ')}`);
  }
}
