import { NestFactory } from '@nestjs/core';
import { RecomputeService } from '@app/compliance';
import { todayInLondon } from '@app/rules';
import { AuditService } from '../audit/audit.service';
import { cliActor } from '../audit/cli-actor';
import { CliModule } from './cli.module';

export interface RecomputeOptions {
  all?: boolean;
  asOf?: string;
  la?: string;
}

/**
 * `cli recompute --all [--as-of DATE] [--la CODE]`: every case re-evaluated now, whatever the
 * nightly pass would re-evaluate by change (after a rules or code change, or to check). Without
 * --all, the nightly pass itself: only the due cases of LAs whose rules and staff are unchanged.
 */
export async function recomputeCommand(o: RecomputeOptions): Promise<number> {
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  try {
    const asOf = o.asOf ?? todayInLondon(new Date());
    const started = Date.now();
    let shown = 0;
    const r = await app.get(RecomputeService).recomputeAll(asOf, {
      all: o.all === true,
      onlyLa: o.la,
      onProgress: async (p) => {
        if (p.evaluated - shown < 50_000) return;
        shown = p.evaluated;
        console.log(`  ${p.evaluated.toLocaleString('en-GB')} cases evaluated (LA ${p.after[0]})`);
      },
    });
    const detail = { asOf, all: o.all === true, la: o.la ?? null, evaluated: r.evaluated, written: r.cases, lasInFull: r.lasInFull };
    await app.get(AuditService).record({ system: cliActor(), action: 'cases.recompute', detail });
    console.log(
      `recomputed as of ${asOf}: ${r.evaluated.toLocaleString('en-GB')} cases evaluated, ${r.cases.toLocaleString('en-GB')} written ` +
        `(${r.alertsRaised} alerts raised, ${r.alertsCleared} cleared); ${r.lasInFull} LAs in full, ${r.lasByChange} by change; ` +
        `${r.snapshots} snapshot rows; ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return 0;
  } finally {
    await app.close();
  }
}
