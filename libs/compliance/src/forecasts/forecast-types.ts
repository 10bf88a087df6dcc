// What the forecast reports answer (API JSON, CSV and pages). Figures the library cannot compute
// are null, never NaN or Infinity; "not enough data" is said in words.
import type {
  BreachForecast,
  IsoDate,
  Projection,
  ProjectableMeasure,
  QueueMeasures,
  ReliefCapacity,
  WeeklyFlow,
  YearProjection,
} from '@app/rules';

export type ListPathway = 'slt' | 'neurodevelopmental';

/** A forecast could not be made from the data there is: "not enough data (3 weeks, need 8)". */
export interface NotEnoughData {
  field: string;
  have: number;
  need: number;
  unit: string;
  why: string;
}

export interface CapacityQuery {
  la: string;
  pathway: ListPathway;
  /** Weeks of history; default rules.forecast.windowWeeks. */
  windowWeeks?: number;
  /** Default today (Europe/London). */
  asOf?: IsoDate;
}

/** The capacity one of the LA's targets needs: removals a week that bring the queue to size by its deadline. */
export interface TargetCapacity {
  targetId: number;
  name: string;
  measure: string;
  threshold: number;
  comparator: 'lte' | 'gte';
  deadline: IsoDate;
  /** null when the deadline has passed or the window has too few weeks. */
  relief: ReliefCapacity | null;
  why: string | null;
}

export interface CapacityReport {
  la: string;
  pathway: ListPathway;
  asOf: IsoDate;
  windowWeeks: number;
  /** Demand (added) and capacity (removed) per week, oldest first. */
  flows: WeeklyFlow[];
  measures: QueueMeasures | null;
  notEnoughData: NotEnoughData | null;
  targets: TargetCapacity[];
}

/** The target a projection judges: a stored target, or one given in the query. */
export interface ProjectionTarget {
  targetId: number | null;
  name: string | null;
  measure: ProjectableMeasure;
  threshold: number;
  comparator: 'lte' | 'gte';
  deadline: IsoDate;
}

export type TargetChoice = { id: number } | { measure: string; threshold: number; comparator?: 'lte' | 'gte'; deadline?: IsoDate | null };

export interface ProjectionQuery {
  la: string;
  pathway: ListPathway;
  target: TargetChoice;
  /** Removals a week added (negative: fewer) from capacityFrom (default the day after asOf). */
  capacityChange?: number;
  capacityFrom?: IsoDate;
  /** Demand cut by this percentage (negative: demand grows). */
  demandChange?: number;
  windowWeeks?: number;
  asOf?: IsoDate;
}

export interface ProjectionReport {
  la: string;
  pathway: ListPathway;
  asOf: IsoDate;
  windowWeeks: number;
  target: ProjectionTarget;
  whatIf: { capacityChange: number; capacityFrom: IsoDate | null; demandChange: number };
  projection: Projection | null;
  notEnoughData: NotEnoughData | null;
  /** The answer in words: "At this rate the target is met on 3 March 2027". */
  answer: string;
  /** Removals a week that meet the target (capacity after the what-if plus the extra needed); null when none do. */
  capacityNeeded: number | null;
}

export interface EhcForecastQuery {
  la: string;
  year: number;
  asOf?: IsoDate;
}

/** The DfE's published figure for the LA (config/reference/dfe-ehc-timeliness-20-weeks.csv). */
export interface PublishedTwentyWeeks {
  year: number;
  plans: number | null;
  including: number | null;
  excluding: number | null;
}

export interface EhcForecastReport {
  la: string;
  year: number;
  asOf: IsoDate;
  projection: YearProjection;
  /** The newest published year before `year`; null when the reference has none for the LA. */
  published: PublishedTwentyWeeks | null;
  /** Open new assessments, most at risk first. */
  assessments: BreachForecast[];
  atRisk: number;
  /** Open assessments not forecast, with why ("not enough data (5 ended assessments ..., need 20)"). */
  notForecast: { caseRef: string; why: string }[];
}

/** An open assessment at risk of missing 20 weeks, with who holds it (the caseworkers' list). */
export interface AtRiskAssessment extends BreachForecast {
  assigneeRef: string | null;
  team: string;
}
