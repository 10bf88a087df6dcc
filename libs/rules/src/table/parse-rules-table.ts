// Validates the rules table (config/rules.json) and returns it typed. Fails fast, naming the
// setting: "ehc.finalPlanWeeks must be a positive integer". Pure: the caller reads the file.
import { daysInMonth } from '../dates';
import { RULES_SCHEMA, type MonthDay, type RulesTable, type SettingKind } from './rules-table.schema';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPositiveInteger = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;

function fail(path: string, why: string): never {
  throw new Error(`${path} ${why}`);
}

function parseMonthDay(path: string, v: unknown): MonthDay {
  const m = typeof v === 'string' ? /^(\d{2})-(\d{2})$/.exec(v) : null;
  const month = m ? Number(m[1]) : 0;
  const day = m ? Number(m[2]) : 0;
  // A leap-year-only date (29 Feb) would vanish in common years, so it is refused.
  if (!m || month < 1 || month > 12 || day < 1 || day > daysInMonth(2001, month)) {
    fail(path, "must be a month and day 'MM-DD' that exists every year");
  }
  return { month, day };
}

function parseWeekBands(path: string, v: unknown): readonly number[] {
  const ok = Array.isArray(v) && v.length >= 2 && v[0] === 0 && v.every((n, i) => Number.isSafeInteger(n) && (i === 0 || n > v[i - 1]));
  if (!ok) fail(path, 'must be an ascending list of whole weeks starting at 0');
  return Object.freeze([...(v as number[])]);
}

function parseValue(path: string, kind: SettingKind, v: unknown): unknown {
  switch (kind) {
    case 'positiveInteger':
      return isPositiveInteger(v) ? v : fail(path, 'must be a positive integer');
    case 'percent':
      return typeof v === 'number' && v >= 0 && v <= 100 ? v : fail(path, 'must be a number from 0 to 100');
    case 'monthDay':
      return parseMonthDay(path, v);
    case 'weekBands':
      return parseWeekBands(path, v);
    case 'boolean':
      return typeof v === 'boolean' ? v : fail(path, 'must be true or false');
    case 'positiveNumber':
      return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fail(path, 'must be a number above 0');
  }
}

function parseSection(name: string, spec: Record<string, SettingKind>, raw: unknown, sources: Record<string, string>) {
  if (!isRecord(raw)) fail(name, 'must be an object of settings');
  for (const key of Object.keys(raw)) if (!(key in spec)) fail(`${name}.${key}`, 'is not a known setting');
  const out: Record<string, unknown> = {};
  for (const [key, kind] of Object.entries(spec)) {
    const path = `${name}.${key}`;
    const setting = raw[key];
    if (setting === undefined) fail(path, 'is missing');
    if (!isRecord(setting) || !('value' in setting)) fail(path, 'must be an object {value, source}');
    if (typeof setting.source !== 'string' || setting.source.trim() === '') fail(`${path}.source`, 'must cite its source');
    out[key] = parseValue(path, kind, setting.value);
    sources[path] = setting.source;
  }
  return Object.freeze(out);
}

/** Parses the rules table; throws an Error naming the first bad setting path. */
export function parseRulesTable(json: unknown): RulesTable {
  if (!isRecord(json)) fail('rules table', 'must be a JSON object');
  if (typeof json.version !== 'string' || json.version === '') fail('version', 'must be a non-empty string');
  for (const key of Object.keys(json)) {
    if (key !== 'version' && !key.startsWith('$') && !(key in RULES_SCHEMA)) fail(key, 'is not a known section');
  }
  const sources: Record<string, string> = {};
  const table: Record<string, unknown> = { version: json.version };
  for (const [name, spec] of Object.entries(RULES_SCHEMA)) {
    table[name] = parseSection(name, spec, json[name], sources);
  }
  const rules = { ...table, sources: Object.freeze(sources) } as unknown as RulesTable;
  checkCoherence(rules);
  return Object.freeze(rules);
}

/** Cross-setting checks: limits that only make sense in a given order. */
function checkCoherence(rules: RulesTable): void {
  if (rules.ehc.draftPlanWeeks > rules.ehc.finalPlanWeeks) {
    fail('ehc.draftPlanWeeks', 'must not exceed ehc.finalPlanWeeks');
  }
  if (rules.annualReview.amendedPlanNoticeWeeks > rules.annualReview.amendedPlanMeetingCapWeeks) {
    fail('annualReview.amendedPlanNoticeWeeks', 'must not exceed annualReview.amendedPlanMeetingCapWeeks');
  }
  if (rules.forecast.minWindowWeeks > rules.forecast.windowWeeks) {
    fail('forecast.minWindowWeeks', 'must not exceed forecast.windowWeeks');
  }
  if (rules.alternativeProvision.reviewWeeks >= rules.alternativeProvision.longWithoutReviewWeeks) {
    fail('alternativeProvision.reviewWeeks', 'must be less than alternativeProvision.longWithoutReviewWeeks');
  }
  if (rules.senSupport.trendMinHistoryTerms > rules.senSupport.trendHistoryTerms) {
    fail('senSupport.trendMinHistoryTerms', 'must not exceed senSupport.trendHistoryTerms');
  }
  const s = rules.senSupport;
  const order = [s.springTermStarts, s.summerTermStarts, s.autumnTermStarts].map((d) => d.month * 100 + d.day);
  if (!(order[0] < order[1] && order[1] < order[2])) {
    fail('senSupport.springTermStarts', 'must fall before summerTermStarts, which must fall before autumnTermStarts, in the calendar year');
  }
}
