import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Keep in step with APP_DB_ROLE and LA_SETTING in @app/access (libs/database cannot import apps' libs). */
const APP_ROLE = 'send_app';

/**
 * Who may see what. Users (roles, LAs, an optional staff reference; shaped for OpenID Connect:
 * identity_provider + subject), their sessions and the API keys systems ingest with: tokens and
 * keys stored only as hashes. An append-only audit log. And row-level security: the role HTTP
 * requests run as (send_app, owning nothing) sees and writes only rows of the LAs in the
 * setting app.la_codes, on every table with la_code (apply_la_isolation(), run again after
 * every migrate so later tables are covered too).
 */
export class AccessControl1764200000000 implements MigrationInterface {
  name = 'AccessControl1764200000000';

  async up(q: QueryRunner): Promise<void> {
    // Roles belong to the cluster, not the database: test databases created side by side may race here.
    await q.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          CREATE ROLE ${APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
    await q.query(`
      CREATE TABLE users (
        user_id           bigserial PRIMARY KEY,
        email             text COLLATE "C" NOT NULL UNIQUE CHECK (email = lower(email)),
        role              text NOT NULL CHECK (role IN ('caseworker', 'team_manager', 'commissioner', 'leader', 'admin')),
        la_codes          text[] NOT NULL DEFAULT '{}',
        staff_ref         text COLLATE "C",
        identity_provider text NOT NULL DEFAULT 'local',
        subject           text COLLATE "C" NOT NULL,
        password_hash     text,
        created_at        timestamptz NOT NULL DEFAULT now(),
        disabled_at       timestamptz,
        UNIQUE (identity_provider, subject),
        CHECK (role = 'admin' OR cardinality(la_codes) >= 1),
        CHECK (role IN ('admin', 'commissioner') OR cardinality(la_codes) = 1)
      )`);
    await q.query(`
      CREATE TABLE sessions (
        token_hash  text COLLATE "C" PRIMARY KEY,
        user_id     bigint NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
        created_at  timestamptz NOT NULL DEFAULT now(),
        expires_at  timestamptz NOT NULL,
        revoked_at  timestamptz
      )`);
    await q.query(`CREATE INDEX sessions_user_idx ON sessions (user_id)`);
    await q.query(`
      CREATE TABLE api_keys (
        la_code     text COLLATE "C" NOT NULL REFERENCES local_authorities (la_code),
        key_id      bigserial,
        name        text NOT NULL,
        key_prefix  text COLLATE "C" NOT NULL,
        key_hash    text COLLATE "C" NOT NULL UNIQUE,
        created_at  timestamptz NOT NULL DEFAULT now(),
        expires_at  timestamptz,
        revoked_at  timestamptz,
        PRIMARY KEY (la_code, key_id)
      )`);
    await q.query(`
      CREATE TABLE audit_log (
        audit_id    bigserial PRIMARY KEY,
        at          timestamptz NOT NULL DEFAULT clock_timestamp(),
        la_code     text COLLATE "C",
        actor_kind  text NOT NULL CHECK (actor_kind IN ('user', 'key', 'anonymous', 'system')),
        actor_id    text,
        actor_label text,
        actor_role  text,
        action      text NOT NULL,
        case_ref    text COLLATE "C",
        method      text,
        path        text,
        status      int,
        detail      jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await q.query(`CREATE INDEX audit_log_la_at_idx ON audit_log (la_code, at)`);
    await q.query(`CREATE INDEX audit_log_case_idx ON audit_log (la_code, case_ref, at) WHERE case_ref IS NOT NULL`);
    await q.query(`CREATE INDEX audit_log_at_idx ON audit_log (at)`);
    // Append-only for everyone, the owner included: the trail is evidence.
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP;
      END $$`);
    await q.query(
      `CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
    );
    await q.query(
      `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`,
    );

    // Which LAs the current transaction may see: '*' (administrators) or a list.
    await q.query(`
      CREATE FUNCTION la_visible(code text) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT coalesce(current_setting('app.la_codes', true), '') = '*'
            OR code = ANY (string_to_array(nullif(current_setting('app.la_codes', true), ''), ','))
      $$`);
    // Row security on every table with la_code (tables of later migrations too: migrate runs it again).
    await q.query(`
      CREATE FUNCTION apply_la_isolation() RETURNS int LANGUAGE plpgsql AS $$
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
            EXECUTE format('CREATE POLICY la_isolation ON %I TO ${APP_ROLE} '
              'USING (la_visible(la_code)) WITH CHECK (la_visible(la_code))', t.relname);
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
    await q.query(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`);
    await q.query(`SELECT apply_la_isolation()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$ DECLARE t record; BEGIN
        FOR t IN SELECT polrelid::regclass AS rel, polname FROM pg_policy WHERE polname IN ('la_isolation', 'la_reference') LOOP
          EXECUTE format('DROP POLICY %I ON %s', t.polname, t.rel);
          EXECUTE format('ALTER TABLE %s DISABLE ROW LEVEL SECURITY', t.rel);
        END LOOP;
      END $$`);
    await q.query(`DROP FUNCTION apply_la_isolation`);
    await q.query(`DROP FUNCTION la_visible`);
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION audit_log_append_only`);
    await q.query(`DROP TABLE api_keys`);
    await q.query(`DROP TABLE sessions`);
    await q.query(`DROP TABLE users`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${APP_ROLE}`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${APP_ROLE}`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM ${APP_ROLE}`);
  }
}
