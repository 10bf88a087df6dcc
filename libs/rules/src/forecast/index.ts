// @app/rules forecasts: where each waiting list and the EHC assessment pipeline are heading.
// Pure functions over plain data (no I/O); seeded, so the same input gives the same answer. Every
// constant is in the rules table's `forecast` section (config/rules.json) with its source; the
// formulas are NHSRwaitinglist's (docs/rules.md, "Forecasts"). No figure is ever NaN or Infinity:
// where one cannot be computed it is null, and bad input returns a ForecastProblem
// ({kind: 'invalid', field, why} or {kind: 'not_enough_data', field, have, need, unit, why:
// "not enough data (3 weeks, need 8)"}) instead of a result; test with isProblem().
//
// Waiting lists (slt, neurodevelopmental), weeks are 7-day blocks ending on asOf:
// - new ListHistoryAccumulator(pathway, asOf, windowWeeks) fed CaseEvaluations (as of asOf), or
//   weeklyFlows(waits, asOf, windowWeeks) + the waiting list's waitingDays histogram (the reports'
//   WaitingListCounts.waitingDays): a ListHistory {asOf, flows: WeeklyFlow[], waitingDays}.
//   Window default: rules.forecast.windowWeeks (26); weeks before the first referral are dropped.
// - queueMeasures({...history, targetWeeks, deadline?}, rules): demand, capacity, cvDemand,
//   cvCapacity, queueSize, meanWaitWeeks, queueLoad, pressure, targetMeanWait, targetQueueSize,
//   targetCapacity, queueTooBig, relief {deadline, weeksToDeadline, capacity, needed}.
// - projectList({...history, targetWeeks, target: {measure, threshold, comparator, deadline},
//   whatIf?: {capacityChange?: {perWeek, from}, demandChangePercent?}}, rules): weeks[] from asOf
//   to the deadline (size, medianWeeks, p92Weeks, overWeeksPercent {13|18|52}, band from the
//   seeded simulation) and answer: {status: 'met', on} or {status: 'not_met', by, reason,
//   extraPerWeek, from} ("not met by <by>: <extraPerWeek> more contacts a week needed from <from>";
//   extraPerWeek is on top of any what-if and null when capacity alone cannot meet it; reason
//   'list_grows' when demand is at or above capacity, which is never "met"). Cost: about 0.8 s
//   for 20,000 waiting over two years (forecast.simulationRuns runs); cache per list and day.
// - the formulas alone: queueLoad, targetMeanWait, targetQueueSize, targetCapacity,
//   reliefCapacity, waitingListPressure (queueing.ts).
//
// EHC needs assessments (new assessments; evaluations as of the same asOf):
// - buildStageDistributions(evaluations, asOf, rules): the LA's own stage durations from the
//   assessments that ended in the last rules.forecast.stageWindowWeeks (refresh nightly; plain
//   JSON-safe data, so it can be stored).
// - forecastAssessment(openEvaluation, distributions, rules): missProbability, planProbability,
//   atRisk (rules.forecast.atRiskPercent), overdue, exempt, expectedFinalOn, finalRange, stage,
//   samples; or a problem ("not enough data (5 ended assessments through awaiting decision, need
//   20)"). rankByRisk(forecasts) keeps the forecasts, most at risk first.
// - projectYear20Weeks(evaluations, year, distributions, rules): the calendar year's projected
//   20-week figure, including and excluding exceptions, with its interval, and the figures so far.
export * from './forecast-problem';
export { SeededRandom } from './seeded-random';
export * from './queueing';
export * from './weekly-flows';
export * from './flow-stats';
export * from './queue-measures';
export { PROJECTABLE_MEASURES, type ProjectableMeasure } from './projection-target';
export { projectList, type Projection, type ProjectionInput, type ProjectedWeek, type TargetAnswer, type WhatIf } from './projection';
export type { Band } from './list-simulation';
export { EHC_STAGES, stagePath, type EhcStage, type StageEntry } from './ehc-stages';
export { buildStageDistributions, type StageDistributions, type StageSample } from './stage-distributions';
export { atRiskOn, forecastAssessment, forecastInputs, rankByRisk, type BreachForecast, type ForecastInputs } from './ehc-breach-forecast';
export { projectYear20Weeks, type ProjectedShare, type YearProjection } from './ehc-year-projection';
