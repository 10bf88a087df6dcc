import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadConfigOrExit, shutDownOnSignals } from '@app/config';
import { migrate } from '@app/database';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  if (config.migrateOnStart) await migrate(config.databaseUrl);
  // An HTTP listener only for /health and /metrics, so an orchestrator can probe the worker.
  const app = await NestFactory.create(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  shutDownOnSignals(app);
  await app.listen(config.workerHealthPort);
  process.stdout.write(`worker running (health at http://localhost:${config.workerHealthPort}/health)\n`);
}

main().catch((e) => {
  process.stderr.write(`worker failed to start: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
