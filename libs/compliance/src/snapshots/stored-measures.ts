// An LA's measure snapshot and EHC stage durations for a night its cases were re-evaluated by
// change only (the nightly pass, issue 16).
import { Inject, Injectable } from '@nestjs/common';
import { RULES_TABLE } from '@app/config';
import { EventReader } from '@app/database';
import { evaluateCase, type RulesTable, type StageDistributions } from '@app/rules';
import { LaBreachPass } from '../forecasts/nightly-breach';
import { SnapshotAccumulator } from './snapshot-accumulator';
import type { SnapshotRow } from './snapshot-measures';

@Injectable()
export class StoredMeasures {
  constructor(
    private readonly reader: EventReader,
    @Inject(RULES_TABLE) private readonly rules: RulesTable,
  ) {}

  async of(la: string, asOf: string): Promise<{ rows: SnapshotRow[]; distributions: StageDistributions }> {
    const acc = new SnapshotAccumulator(asOf, this.rules);
    const breach = new LaBreachPass(asOf, null, this.rules);
    for await (const cases of this.reader.streamAll(2000, [la, ''], la)) {
      for (const c of cases) {
        const e = evaluateCase(c.events, asOf, this.rules, { la: c.la, caseRef: c.caseRef, pathway: c.pathway });
        acc.add(e);
        breach.add(e);
      }
    }
    return { rows: acc.takeLa(la), distributions: breach.distributions() };
  }
}
