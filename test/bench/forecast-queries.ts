// The forecasts' queries (issue 14), timed like the report queries: each run a new LA or a new
// what-if, so the caches do not answer. Used by bench:reports.
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ForecastsService } from '@app/compliance';
import { addDays } from '@app/rules';
import { lasBySize, printTiming } from './report-queries';

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

export async function measureForecastQueries(
  app: INestApplicationContext,
  options: { asOf: string; runs: number; fresh: () => Promise<INestApplicationContext> },
): Promise<void> {
  const { asOf, runs } = options;
  const time = async (label: string, query: (i: number) => Promise<unknown>): Promise<void> => {
    await query(-1);
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = process.hrtime.bigint();
      await query(i);
      ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    ms.sort((a, b) => a - b);
    printTiming({ label, scope: 'la', p50: pct(ms, 50), p95: pct(ms, 95), runs });
  };
  const db = app.get(DataSource);
  const forecasts = app.get(ForecastsService);
  const la = await lasBySize(db, runs);
  const targets = new Map<string, number>(
    (
      await db.query(
        `SELECT DISTINCT ON (la_code) la_code, target_id::int AS id FROM targets
         WHERE pathway = 'slt' AND measure = 'waiting_within_target_pct' AND deadline > $1 ORDER BY la_code, target_id`,
        [asOf],
      )
    ).map((r: { la_code: string; id: number }) => [r.la_code, r.id]),
  );
  console.log('== forecasts (each run a new LA or a new what-if, so the caches do not answer)');
  for (const pathway of ['slt', 'neurodevelopmental'] as const) {
    await time(`capacity 1 LA ${pathway}, 26 weeks, with its targets' relief`, (i) => forecasts.capacity({ la: la(i), pathway, asOf }));
  }
  await time('projection 1 LA slt to its target, with a new what-if each run', (i) =>
    forecasts.projection({ la: la(i), pathway: 'slt', target: { id: targets.get(la(i)) ?? 0 }, demandChange: i + 1, asOf }),
  );
  const year = Number(asOf.slice(0, 4));
  // Made on the ask: nothing kept by the worker (as after a case of the LA changed during the day).
  // The stored evaluations that still stand, the rest evaluated from their events.
  await db.query('DELETE FROM kept_forecasts');
  await time('ehcForecast 1 LA year, today, made on the ask', (i) => forecasts.ehcForecast({ la: la(i), year, asOf }));
  await time('ehcForecast 1 LA year, a past day each run (from events)', (i) =>
    forecasts.ehcForecast({ la: la(i), year, asOf: addDays(asOf, -1 - i) }),
  );
  await time('caseworker: at-risk list 1 LA, made on the ask (stored stage durations)', (i) => forecasts.atRisk(la(i), asOf));
  // The worker's job after the nightly pass (SnapshotsProcessor 'forecasts'): every LA's kept.
  const t = process.hrtime.bigint();
  let [slowest, last] = [0, t];
  const { las } = await forecasts.keepAllForDay(asOf, async () => {
    const now = process.hrtime.bigint();
    slowest = Math.max(slowest, Number(now - last) / 1e6);
    last = now;
  });
  const jobS = Number(process.hrtime.bigint() - t) / 1e9;
  console.log(`the worker's forecasts job after the pass: ${las} LAs in ${jobS.toFixed(1)} s (slowest LA ${slowest.toFixed(0)} ms)`);
  // A first ask of the day in another process (nothing in its memory): read from what was kept.
  const api = await options.fresh();
  try {
    const fresh = api.get(ForecastsService);
    await time('ehcForecast 1 LA year, today, first ask (kept by the worker)', (i) => fresh.ehcForecast({ la: la(i), year, asOf }));
    await time('caseworker: at-risk list 1 LA, first ask (kept by the worker)', (i) => fresh.atRisk(la(i), asOf));
  } finally {
    await api.close();
  }
}
