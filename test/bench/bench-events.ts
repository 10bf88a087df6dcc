// Events for benchmarks: complete EHC assessments from the test factory, unique per run.
import type { CaseEvent } from '@app/rules';
import { ehcAssessment } from '../support/event-factory';

export function* benchEvents(total: number): Generator<CaseEvent> {
  const prefix = `B${Date.now().toString(36)}`;
  let emitted = 0;
  for (let n = 0; emitted < total; n++) {
    for (const e of ehcAssessment(prefix, n)) {
      if (emitted++ >= total) return;
      yield e;
    }
  }
}
