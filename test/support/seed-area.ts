// A synthetic area seeded into a test's database as `npm run cli -- seed` seeds it: the seed's events
// through the ingest service, 5,000 a batch. Returns the LAs seeded.
import type { INestApplicationContext } from '@nestjs/common';
import { DatabaseSink } from '../../apps/ingest-api/src/cli/database-sink';
import { IngestService } from '../../apps/ingest-api/src/events/ingest.service';
import { runSeed } from '../../apps/ingest-api/src/seed/run-seed';
import { seedOptionsFromCli, type SeedCliOptions } from '../../apps/ingest-api/src/seed/seed-options';

export async function seedArea(
  app: INestApplicationContext,
  cli: SeedCliOptions,
  more: { scale?: number; withSupport?: boolean } = {},
): Promise<string[]> {
  const options = { ...seedOptionsFromCli(cli), ...(more.scale === undefined ? {} : { scale: more.scale }) };
  await runSeed(options, new DatabaseSink(app.get(IngestService)), undefined, 5000, more.withSupport ?? false);
  return options.las;
}
