// The shape of config/rules.json: every setting by name and the kind of value it holds.
// The RulesTable type is derived from this one list, so a setting cannot be validated but untyped.

export type SettingKind = 'positiveInteger' | 'percent' | 'monthDay' | 'weekBands' | 'boolean' | 'positiveNumber';

export const RULES_SCHEMA = {
  ehc: {
    decisionWeeks: 'positiveInteger',
    adviceWeeks: 'positiveInteger',
    notIssueNoticeWeeks: 'positiveInteger',
    draftPlanWeeks: 'positiveInteger',
    representationDays: 'positiveInteger',
    finalPlanWeeks: 'positiveInteger',
    reassessmentDecisionDays: 'positiveInteger',
    reassessmentFinalPlanWeeks: 'positiveInteger',
    timelinessYearMonths: 'positiveInteger',
  },
  exceptions: {
    closureLeadWeeks: 'positiveInteger',
    closureMinWeeks: 'positiveInteger',
    absentFromAreaMinWeeks: 'positiveInteger',
  },
  annualReview: {
    intervalMonths: 'positiveInteger',
    underFiveIntervalMonths: 'positiveInteger',
    underFiveAgeYears: 'positiveInteger',
    reportWeeks: 'positiveInteger',
    decisionWeeks: 'positiveInteger',
    amendedPlanNoticeWeeks: 'positiveInteger',
    amendedPlanMeetingCapWeeks: 'positiveInteger',
  },
  phaseTransfer: {
    schoolDeadline: 'monthDay',
    post16Deadline: 'monthDay',
    lookbackMonths: 'positiveInteger',
    transferDay: 'monthDay',
    post16MoveMonths: 'positiveInteger',
  },
  waits: {
    sltTargetWeeks: 'positiveInteger',
    ndTargetWeeks: 'positiveInteger',
    maxWeeks: 'positiveInteger',
    bandsWeeks: 'weekBands',
    dnaRestartsClock: 'boolean',
    qs51Months: 'positiveInteger',
  },
  measures: {
    openDueWithinWeeks: 'positiveInteger',
    openAgeBandsWeeks: 'weekBands',
  },
  alerts: {
    dueSoonDays: 'positiveInteger',
    escalateAfterOverdueDays: 'positiveInteger',
    phaseTransferAtRiskDays: 'positiveInteger',
  },
  targets: {
    amberTolerancePercent: 'percent',
  },
  forecast: {
    meanWaitDivisor: 'positiveNumber',
    capacityFactor: 'positiveNumber',
    defaultCv: 'positiveNumber',
    reliefTriggerMultiple: 'positiveNumber',
    windowWeeks: 'positiveInteger',
    minWindowWeeks: 'positiveInteger',
    maxHorizonWeeks: 'positiveInteger',
    bandPercent: 'percent',
    simulationRuns: 'positiveInteger',
    simulationSeed: 'positiveInteger',
    atRiskPercent: 'percent',
    stageWindowWeeks: 'positiveInteger',
    minStageSample: 'positiveInteger',
    yearIntervalPercent: 'percent',
  },
  senSupport: {
    reviewIntervalWeeks: 'positiveInteger',
    autumnTermStarts: 'monthDay',
    springTermStarts: 'monthDay',
    summerTermStarts: 'monthDay',
    trendHistoryTerms: 'positiveInteger',
    trendMinHistoryTerms: 'positiveInteger',
    trendSignificancePercent: 'percent',
    needRisingPercent: 'percent',
  },
  alternativeProvision: {
    reviewWeeks: 'positiveInteger',
    longWithoutReviewWeeks: 'positiveInteger',
    fullTimeHours: 'positiveInteger',
  },
} as const satisfies Record<string, Record<string, SettingKind>>;

export interface MonthDay {
  month: number;
  day: number;
}

type ValueOf<K extends SettingKind> = K extends 'monthDay'
  ? MonthDay
  : K extends 'weekBands'
    ? readonly number[]
    : K extends 'boolean'
      ? boolean
      : number;

type Schema = typeof RULES_SCHEMA;
export type RulesSection = keyof Schema;

export type RulesTable = {
  readonly [S in RulesSection]: { readonly [K in keyof Schema[S]]: ValueOf<Schema[S][K] & SettingKind> };
} & {
  readonly version: string;
  /** Source citation of each setting, by path ('ehc.finalPlanWeeks'). */
  readonly sources: Readonly<Record<string, string>>;
};

/** A setting's path, e.g. 'ehc.finalPlanWeeks': what milestones name as the rule behind a due date. */
export type RulePath = { [S in RulesSection]: `${S}.${keyof Schema[S] & string}` }[RulesSection];
