import 'reflect-metadata';
import { ConfigError, loadConfigOrExit } from '@app/config';
import { migrate } from '@app/database';
import { loadSignInSettings } from './auth/oidc/sign-in-settings';
import { createApiApp } from './create-app';

/** Password and single sign-on settings, checked before anything starts: a bad one stops the API naming it. */
function checkSignInSettings(): void {
  try {
    loadSignInSettings();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`${e.message}\n`);
    process.exit(78); // EX_CONFIG, as for the other settings
  }
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  checkSignInSettings();
  if (config.migrateOnStart) await migrate(config.databaseUrl);
  const app = await createApiApp();
  await app.listen(config.apiPort);
  process.stdout.write(`ingest-api listening on http://localhost:${config.apiPort} (docs at /docs, health at /health)\n`);
}

main().catch((e) => {
  process.stderr.write(`ingest-api failed to start: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
