// Synthetic LA-wide snapshot rows for the summary specs and the e2e test (references only).
import { ADVICE_SERVICES, share, type AdviceTimeliness, type IncludingExcluding, type WaitPathway } from '@app/rules';
import type { SnapshotRow } from '../snapshots/snapshot-measures';

export interface FixtureNumbers {
  plans: number;
  within: number;
  withinEx: number;
  ofEx: number;
  open: number;
  overdue: number;
  sltAdvice: [number, number];
  sltWaiting: number;
  sltMedianDays: number;
}

const ie = (count: number, of: number, countEx = count, ofEx = of): IncludingExcluding => ({
  including: share(count, of),
  excluding: share(countEx, ofEx),
});

function advice(slt: [number, number], ep: [number, number]): AdviceTimeliness {
  const out = Object.fromEntries(ADVICE_SERVICES.map((s) => [s, ie(0, 0)])) as AdviceTimeliness;
  out.slt = ie(slt[0], slt[1]);
  out.ep = ie(ep[0], ep[1]);
  out.all = ie(slt[0] + ep[0], slt[1] + ep[1]);
  return out;
}

function waits(pathway: WaitPathway, waiting: number, medianDays: number) {
  return {
    pathway,
    waiting,
    medianWeeks: medianDays / 7,
    p92Weeks: (medianDays * 2) / 7,
    bands: { '0-1': 0, '1-2': 0, '2-4': 0, '4-12': waiting, '12-18': 0, '18-52': 0, '52+': 0 },
    overWeeks: { 1: waiting, 2: waiting, 4: waiting, 12: 0, 18: 0, 52: 0 },
    targetWeeks: pathway === 'slt' ? 18 : 13,
    withinTarget: share(waiting, waiting),
    overMax: 0,
    seen: 3,
    medianWeeksToContact: 10,
  };
}

/** The four LA-wide rows (need 'all') of one LA and date, plus a need-level row the summary ignores. */
export function snapshotRows(la: string, on: string, n: FixtureNumbers): SnapshotRow[] {
  const period = { from: on, to: on };
  const row = (pathway: SnapshotRow['pathway'], measures: SnapshotRow['measures'], needCode = 'all'): SnapshotRow => ({
    la,
    snapshotOn: on,
    pathway,
    needCode,
    measures,
  });
  return [
    row('ehc_assessment', {
      ehc: {
        period,
        plansIssued: n.plans,
        plansIssuedExcludingExceptions: n.ofEx,
        within20Weeks: ie(n.within, n.plans, n.withinEx, n.ofEx),
        after20WeeksWithinYear: ie(n.plans - n.within, n.plans),
        overYear: ie(0, n.plans),
        meanWeeks: 19.4,
        meanWeeksExcludingExceptions: 18.9,
        medianWeeks: 18.5,
      },
      decisions: ie(40, 50, 38, 45),
      advice: advice(n.sltAdvice, [9, 10]),
      open: { open: n.open, overdue: n.overdue, finalPlanOverdue: 2, dueSoon: 4, withException: 1, ageBands: {} },
    }),
    row('ehc_assessment', { ehc: { period, plansIssued: 999 } as never }, 'ASD'),
    row('annual_review', {
      reviews: {
        period,
        meetingsOnTime: share(80, 100),
        reviewsCompletedWithin12Months: share(70, 95),
        decisionsWithin4Weeks: share(60, 90),
        amendedWithin12Weeks: share(30, 40),
        phaseTransfersOnTime: share(10, 12),
        phaseTransfersByState: { met: 10, missed: 2, pending: 0, overdue: 0, exempt: 0 },
      },
    }),
    row('slt', { waitingList: waits('slt', n.sltWaiting, n.sltMedianDays) }),
    row('neurodevelopmental', { waitingList: waits('neurodevelopmental', 7, 70) }),
  ];
}

export const LAST_WEEK: FixtureNumbers = {
  plans: 50,
  within: 30,
  withinEx: 30,
  ofEx: 45,
  open: 20,
  overdue: 6,
  sltAdvice: [5, 10],
  sltWaiting: 12,
  sltMedianDays: 63,
};
export const THIS_WEEK: FixtureNumbers = {
  plans: 55,
  within: 37,
  withinEx: 36,
  ofEx: 48,
  open: 22,
  overdue: 4,
  sltAdvice: [7, 12],
  sltWaiting: 10,
  sltMedianDays: 60,
};
