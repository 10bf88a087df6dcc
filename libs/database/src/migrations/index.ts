import { Foundation1763800000000 } from './1763800000000-foundation';
import { Compliance1763900000000 } from './1763900000000-compliance';
import { AccessControl1764200000000 } from './1764200000000-access-control';
import { ReportIndexes1764300000000 } from './1764300000000-report-indexes';
import { AlertLapses1764410000000 } from './1764410000000-alert-lapses';
import { SchoolReturns1765300000000 } from './1765300000000-school-returns';
import { FileImports1765400000000 } from './1765400000000-file-imports';
import { EhcStageDistributions1765500000000 } from './1765500000000-ehc-stage-distributions';
import { OutboxNotify1765600000000 } from './1765600000000-outbox-notify';
import { OpenAssessmentCounts1765700000000 } from './1765700000000-open-assessment-counts';
import { NightlyChangesOn1765750000000 } from './1765750000000-nightly-changes-on';
import { NationalReportCounts1765900000000 } from './1765900000000-national-report-counts';
import { EvaluationSummary1766000000000 } from './1766000000000-evaluation-summary';
import { WaitingListCounts1766100000000 } from './1766100000000-waiting-list-counts';
import { PackedStageDistributions1766200000000 } from './1766200000000-packed-stage-distributions';
import { DayCountsByNeed1766300000000 } from './1766300000000-day-counts-by-need';
import { StageStepsInSummary1766400000000 } from './1766400000000-stage-steps-in-summary';
import { ForecastInputs1766500000000 } from './1766500000000-forecast-inputs';
import { LaScopeOnceAStatement1766600000000 } from './1766600000000-la-scope-once-a-statement';
import { KeptForecasts1766700000000 } from './1766700000000-kept-forecasts';
import { CaseworkerOnSteps1766800000000 } from './1766800000000-caseworker-on-steps';
import { OpenStepsPageKeys1766900000000 } from './1766900000000-open-steps-page-keys';
import { StageMonths1767000000000 } from './1767000000000-stage-months';
import { EvaluationsWithoutStatusIndex1767100000000 } from './1767100000000-evaluations-without-status-index';
import { OpenStepsWholeRows1767200000000 } from './1767200000000-open-steps-whole-rows';
import { ClosedIndexWhole1767300000000 } from './1767300000000-closed-index-whole';
import { VacuumAfterEachNight1767400000000 } from './1767400000000-vacuum-after-each-night';

/** Every migration, in order. Listed by hand so builds and bundles never depend on a glob. */
export const MIGRATIONS = [
  Foundation1763800000000,
  Compliance1763900000000,
  AccessControl1764200000000,
  ReportIndexes1764300000000,
  AlertLapses1764410000000,
  SchoolReturns1765300000000,
  FileImports1765400000000,
  EhcStageDistributions1765500000000,
  OutboxNotify1765600000000,
  OpenAssessmentCounts1765700000000,
  NightlyChangesOn1765750000000,
  NationalReportCounts1765900000000,
  EvaluationSummary1766000000000,
  WaitingListCounts1766100000000,
  PackedStageDistributions1766200000000,
  DayCountsByNeed1766300000000,
  StageStepsInSummary1766400000000,
  ForecastInputs1766500000000,
  LaScopeOnceAStatement1766600000000,
  KeptForecasts1766700000000,
  CaseworkerOnSteps1766800000000,
  OpenStepsPageKeys1766900000000,
  StageMonths1767000000000,
  EvaluationsWithoutStatusIndex1767100000000,
  OpenStepsWholeRows1767200000000,
  ClosedIndexWhole1767300000000,
  VacuumAfterEachNight1767400000000,
];
