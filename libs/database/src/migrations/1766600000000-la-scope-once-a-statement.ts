import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Keep in step with APP_DB_ROLE in @app/access (libs/database cannot import apps' libs). */
const APP_ROLE = 'send_app';

/**
 * The LA isolation policy reads the transaction's LAs (app.la_codes) once a statement, not once a
 * row. `la_visible(la_code)` was inlined into every row's check: two `current_setting` calls, a
 * `string_to_array` and an array search for each row read or written under an LA's scope (an
 * ingest batch as LA 805: about 0.2 microseconds a row written, more on every row a report read).
 * Written as uncorrelated sub-selects, the setting's two readings become InitPlans, evaluated once
 * when the statement starts (the setting cannot change during it), and each row compares its
 * la_code with their results. Who sees what is unchanged: '*' every LA, a list its LAs, no setting
 * (or an empty one) none.
 *
 * apply_la_isolation(), which migrate runs after every migration, writes the new form on tables of
 * later migrations.
 */
export class LaScopeOnceAStatement1766600000000 implements MigrationInterface {
  name = 'LaScopeOnceAStatement1766600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION la_scope_all() RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT coalesce(current_setting('app.la_codes', true), '') = '*'
      $$`);
    await q.query(`
      CREATE FUNCTION la_scope() RETURNS text[] LANGUAGE sql STABLE AS $$
        SELECT string_to_array(nullif(current_setting('app.la_codes', true), ''), ',')
      $$`);
    await setPolicies(q, POLICY_ONCE);
  }

  async down(q: QueryRunner): Promise<void> {
    await setPolicies(q, POLICY_PER_ROW);
    await q.query(`DROP FUNCTION la_scope_all`);
    await q.query(`DROP FUNCTION la_scope`);
  }
}

// The array's cast keeps `= ANY (...)` an array comparison, not a comparison with a sub-select's rows.
const POLICY_ONCE = `(SELECT la_scope_all()) OR la_code = ANY ((SELECT la_scope())::text[])`;
const POLICY_PER_ROW = `la_visible(la_code)`;

/** Rewrites every LA isolation policy, and apply_la_isolation() for tables to come, with `expr`. */
async function setPolicies(q: QueryRunner, expr: string): Promise<void> {
  const quoted = expr.replace(/'/g, "''");
  await q.query(`
    DO $$ DECLARE t record; BEGIN
      FOR t IN SELECT polrelid::regclass AS rel FROM pg_policy WHERE polname = 'la_isolation' LOOP
        EXECUTE format('ALTER POLICY la_isolation ON %s USING (%s) WITH CHECK (%s)', t.rel, '${quoted}', '${quoted}');
      END LOOP;
    END $$`);
  await q.query(`
    CREATE OR REPLACE FUNCTION apply_la_isolation() RETURNS int LANGUAGE plpgsql AS $$
    DECLARE t record; n int := 0;
    BEGIN
      FOR t IN
        SELECT c.oid, c.relname FROM pg_class c
        JOIN pg_namespace ns ON ns.oid = c.relnamespace AND ns.nspname = 'public'
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'la_code' AND NOT a.attisdropped
        WHERE c.relkind IN ('r', 'p')
          AND NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname IN ('la_isolation', 'la_reference'))
      LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t.relname);
        IF t.relname = 'local_authorities' THEN
          -- The reference list of LAs (names and codes) is public knowledge; nobody writes it but migrate.
          EXECUTE format('CREATE POLICY la_reference ON %I FOR SELECT TO ${APP_ROLE} USING (true)', t.relname);
        ELSE
          EXECUTE format('CREATE POLICY la_isolation ON %I TO ${APP_ROLE} USING (%s) WITH CHECK (%s)', t.relname, '${quoted}', '${quoted}');
        END IF;
        n := n + 1;
      END LOOP;
      -- Tables of later migrations: the application role may use them (row security still applies).
      EXECUTE 'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP_ROLE}';
      EXECUTE 'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE}';
      -- Never: credentials (read only through the owner during sign-in), the migrations table; the audit log is read-only.
      EXECUTE 'REVOKE ALL ON users, sessions, api_keys, schema_migrations FROM ${APP_ROLE}';
      EXECUTE 'REVOKE ALL ON audit_log FROM ${APP_ROLE}';
      EXECUTE 'GRANT SELECT ON audit_log TO ${APP_ROLE}';
      EXECUTE 'REVOKE UPDATE, DELETE ON events FROM ${APP_ROLE}';
      RETURN n;
    END $$`);
}
