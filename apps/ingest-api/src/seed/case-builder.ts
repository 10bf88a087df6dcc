import type { CaseEvent, IsoDate, Pathway } from '@app/rules';

/**
 * Collects one synthetic case's events. Anything dated after the as-of date has not happened
 * yet: `add` refuses it and answers false, which ends that branch of the timeline.
 */
export class CaseBuilder {
  readonly events: CaseEvent[] = [];
  private count = 0;

  constructor(
    private readonly base: { la: string; caseRef: string; childRef: string; pathway: Pathway },
    private readonly asOf: IsoDate,
  ) {}

  add(type: string, date: IsoDate, fields: Record<string, unknown> = {}): boolean {
    if (date > this.asOf) return false;
    this.count += 1;
    const eventId = `SEED-${this.base.caseRef}-${String(this.count).padStart(2, '0')}`;
    this.events.push({ ...this.base, eventId, type, date, ...fields } as CaseEvent);
    return true;
  }

  /** The last event of a type, if any. */
  last(type: string): CaseEvent | undefined {
    for (let i = this.events.length - 1; i >= 0; i--) if (this.events[i].type === type) return this.events[i];
    return undefined;
  }
}
