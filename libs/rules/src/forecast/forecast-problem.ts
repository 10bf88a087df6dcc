// What a forecast answers instead of a figure when its input cannot carry one: a field and a
// reason in plain words, or "not enough data". Forecasts never answer NaN or Infinity.

export type ForecastProblem =
  | { kind: 'invalid'; field: string; why: string }
  | { kind: 'not_enough_data'; field: string; have: number; need: number; unit: string; why: string };

export const invalid = (field: string, why: string): ForecastProblem => ({ kind: 'invalid', field, why });

/** "not enough data (3 weeks, need 8)"; the unit is weeks of flows or ended assessments. */
export const notEnoughData = (field: string, have: number, need: number, unit = 'weeks'): ForecastProblem => ({
  kind: 'not_enough_data',
  field,
  have,
  need,
  unit,
  why: `not enough data (${have} ${unit}, need ${need})`,
});

export const isProblem = (v: unknown): v is ForecastProblem =>
  typeof v === 'object' && v !== null && 'kind' in v && (v.kind === 'invalid' || v.kind === 'not_enough_data');
