import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/ingest-api/src/create-app';

export interface TestApi {
  app: NestExpressApplication;
  http: () => ReturnType<typeof request>;
  db: DataSource;
  close: () => Promise<void>;
  /** How many stored events have ids starting with `prefix-`. */
  countEvents: (prefix: string) => Promise<number>;
}

/** The real API (real PostgreSQL and Redis of this test run), served in-process. */
export async function startApi(): Promise<TestApi> {
  const app = await createApiApp();
  await app.init();
  const db = app.get(DataSource);
  return {
    app,
    http: () => request(app.getHttpServer()),
    db,
    close: () => app.close(),
    countEvents: async (prefix) =>
      Number((await db.query(`SELECT count(*) FROM events WHERE event_id LIKE $1`, [`${prefix}-%`]))[0].count),
  };
}
