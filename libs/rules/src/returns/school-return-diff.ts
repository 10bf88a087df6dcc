// A school's termly SEN support return against its previous one (issue 15): pupils new to the list
// start, a changed need is need_changed, a later review date is a review, and a pupil missing from
// the new return ends on the return's date ("not_in_return"). A pupil back on a later return after
// such an end was left off by mistake: that end is retracted (the school corrects it by sending
// them again). Pure: the import reads the files and writes the events.
import type { IsoDate, NeedCode, SenSupportEvent } from '../contract';
import { addDays } from '../dates/iso-date';
import { termOf } from '../measures/school-terms';
import type { RulesTable } from '../table';

export interface ReturnRow {
  childRef: string;
  needCode: NeedCode;
  ncYear: number | null;
  startedOn: IsoDate;
  lastReviewedOn: IsoDate | null;
}

export interface SchoolReturn {
  la: string;
  schoolUrn: string;
  /** The return's date: the day it describes (ends of pupils missing from it fall on it). */
  returnedOn: IsoDate;
  rows: readonly ReturnRow[];
}

/** first: the school's first return; gap: its previous return was not from the term before. */
export type ReturnFlag = 'first' | 'gap' | null;

export interface ReturnDiff {
  flag: ReturnFlag;
  /** The events the return adds, in a stable order; ids derive from content, so a re-sent return repeats them. */
  events: SenSupportEvent[];
  counts: { started: number; needChanged: number; reviewed: number; ended: number; restored: number };
}

/** The id of the end a return gives a pupil missing from it (so a later return can retract it). */
export const notInReturnEndId = (schoolUrn: string, childRef: string, returnedOn: IsoDate): string =>
  `${supportCaseRef(schoolUrn, childRef)}:end:${returnedOn}`;

/** One case per pupil per school: moving school ends one spell and starts another. */
export const supportCaseRef = (schoolUrn: string, childRef: string): string => `SS-${schoolUrn}-${childRef}`;

/**
 * `endedNotInReturn`: pupils of this school ended "not in return" by an earlier return and not
 * back since, with that return's date (the import finds them in the school's stored returns).
 */
export function diffSchoolReturn(
  previous: SchoolReturn | null,
  current: SchoolReturn,
  rules: RulesTable,
  endedNotInReturn: ReadonlyMap<string, IsoDate> = new Map(),
): ReturnDiff {
  const { la, schoolUrn, returnedOn } = current;
  const events: SenSupportEvent[] = [];
  const counts = { started: 0, needChanged: 0, reviewed: 0, ended: 0, restored: 0 };
  const base = (childRef: string, kind: string, date: IsoDate) => {
    const caseRef = supportCaseRef(schoolUrn, childRef);
    return { eventId: `${caseRef}:${kind}:${date}`, la, caseRef, childRef, date };
  };
  const before = new Map((previous?.rows ?? []).map((r) => [r.childRef, r]));
  for (const row of current.rows) {
    const old = before.get(row.childRef);
    const endedOn = old ? undefined : endedNotInReturn.get(row.childRef);
    if (endedOn) {
      // Back after being left off a return: the end was the omission, not the pupil leaving.
      counts.restored++;
      events.push({
        ...base(row.childRef, `restore-${endedOn}`, returnedOn),
        pathway: 'sen_support',
        type: 'retract',
        retractsEventId: notInReturnEndId(schoolUrn, row.childRef, endedOn),
      });
    }
    if (!old && !endedOn) {
      counts.started++;
      events.push({
        ...base(row.childRef, 'start', row.startedOn),
        pathway: 'sen_support',
        type: 'support_started',
        schoolUrn,
        needCode: row.needCode,
        ...(row.ncYear === null ? {} : { ncYear: row.ncYear }),
      });
    } else if (old && old.needCode !== row.needCode) {
      counts.needChanged++;
      events.push({
        ...base(row.childRef, `need-${row.needCode}`, returnedOn),
        pathway: 'sen_support',
        type: 'need_changed',
        needCode: row.needCode,
      });
    }
    const lastSeen = old?.lastReviewedOn ?? null;
    if (row.lastReviewedOn !== null && (lastSeen === null || row.lastReviewedOn > lastSeen)) {
      counts.reviewed++;
      events.push({ ...base(row.childRef, 'review', row.lastReviewedOn), pathway: 'sen_support', type: 'support_reviewed' });
    }
  }
  const now = new Set(current.rows.map((r) => r.childRef));
  for (const old of previous?.rows ?? []) {
    if (now.has(old.childRef)) continue;
    counts.ended++;
    events.push({
      ...base(old.childRef, 'end', returnedOn),
      eventId: notInReturnEndId(schoolUrn, old.childRef, returnedOn),
      pathway: 'sen_support',
      type: 'support_ended',
      reason: 'not_in_return',
    });
  }
  return { flag: flagOf(previous, current, rules), events, counts };
}

function flagOf(previous: SchoolReturn | null, current: SchoolReturn, rules: RulesTable): ReturnFlag {
  if (previous === null) return 'first';
  const termBefore = termOf(addDays(termOf(current.returnedOn, rules).start, -1), rules);
  return termOf(previous.returnedOn, rules).label === termBefore.label ? null : 'gap';
}
