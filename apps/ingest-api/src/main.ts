import 'reflect-metadata';
import { loadConfigOrExit } from '@app/config';
import { migrate } from '@app/database';
import { createApiApp } from './create-app';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  if (config.migrateOnStart) await migrate(config.databaseUrl);
  const app = await createApiApp();
  await app.listen(config.apiPort);
  process.stdout.write(`ingest-api listening on http://localhost:${config.apiPort} (docs at /docs, health at /health)\n`);
}

main().catch((e) => {
  process.stderr.write(`ingest-api failed to start: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
