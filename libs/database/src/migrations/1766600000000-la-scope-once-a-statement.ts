import type { MigrationInterface, QueryRunner } from 'typeorm';

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
    await setPolicies(q, POLICY_PER_ROW, POLICY_ONCE);
  }

  async down(q: QueryRunner): Promise<void> {
    await setPolicies(q, POLICY_ONCE, POLICY_PER_ROW);
    await q.query(`DROP FUNCTION la_scope_all`);
    await q.query(`DROP FUNCTION la_scope`);
  }
}

// The array's cast keeps `= ANY (...)` an array comparison, not a comparison with a sub-select's rows.
const POLICY_ONCE = `(SELECT la_scope_all()) OR la_code = ANY ((SELECT la_scope())::text[])`;
const POLICY_PER_ROW = `la_visible(la_code)`;

const clauses = (expr: string) => `USING (${expr}) WITH CHECK (${expr})`;

/**
 * Rewrites every LA isolation policy from `from` to `to`, and apply_la_isolation() (AccessControl)
 * for tables to come: its own definition with the one clause replaced, refused if the clause is
 * not found there.
 */
async function setPolicies(q: QueryRunner, from: string, to: string): Promise<void> {
  await q.query(`
    DO $$ DECLARE t record; def text; BEGIN
      FOR t IN SELECT polrelid::regclass AS rel FROM pg_policy WHERE polname = 'la_isolation' LOOP
        EXECUTE format('ALTER POLICY la_isolation ON %s ${clauses(to)}', t.rel);
      END LOOP;
      def := pg_get_functiondef('apply_la_isolation()'::regprocedure);
      IF position('${clauses(from)}' IN def) = 0 THEN
        RAISE EXCEPTION 'apply_la_isolation() does not write the policy %', '${clauses(from)}';
      END IF;
      EXECUTE replace(def, '${clauses(from)}', '${clauses(to)}');
    END $$`);
}
