/** Where test databases live: the server of DATABASE_URL (or the local default). */
export function testDatabaseUrl(runId: string): { adminUrl: string; url: string; name: string } {
  const base = new URL(process.env.TEST_DATABASE_SERVER ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const name = `send_test_${runId}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const admin = new URL(base);
  admin.pathname = '/postgres';
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { adminUrl: admin.toString(), url: url.toString(), name };
}
