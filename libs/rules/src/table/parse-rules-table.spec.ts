import { readRulesJson, RULES, type RulesJson } from '../testing/rules-fixture';
import { parseRulesTable } from './parse-rules-table';
import { RULES_SCHEMA } from './rules-table.schema';

function withSetting(path: string, value: unknown): RulesJson {
  const json = readRulesJson();
  const [section, key] = path.split('.');
  json[section][key] = { ...json[section][key], value };
  return json;
}

describe('parseRulesTable', () => {
  it('loads config/rules.json with the statutory numbers', () => {
    expect(RULES.ehc).toMatchObject({ decisionWeeks: 6, adviceWeeks: 6, notIssueNoticeWeeks: 16, draftPlanWeeks: 16, finalPlanWeeks: 20 });
    expect(RULES.ehc).toMatchObject({ reassessmentDecisionDays: 15, reassessmentFinalPlanWeeks: 14 });
    expect(RULES.annualReview).toMatchObject({ intervalMonths: 12, underFiveIntervalMonths: 6, reportWeeks: 2, decisionWeeks: 4 });
    expect(RULES.annualReview).toMatchObject({ amendedPlanNoticeWeeks: 8, amendedPlanMeetingCapWeeks: 12 });
    expect(RULES.phaseTransfer.schoolDeadline).toEqual({ month: 2, day: 15 });
    expect(RULES.phaseTransfer.post16Deadline).toEqual({ month: 3, day: 31 });
    expect(RULES.waits).toMatchObject({ ndTargetWeeks: 13, sltTargetWeeks: 18, maxWeeks: 52 });
    expect(RULES.waits.bandsWeeks).toEqual([0, 1, 2, 4, 12, 18, 52]);
    expect(RULES.senSupport).toMatchObject({ reviewIntervalWeeks: 16, trendHistoryTerms: 6, trendMinHistoryTerms: 3 });
    expect(RULES.senSupport.autumnTermStarts).toEqual({ month: 9, day: 1 });
    expect(RULES.alternativeProvision).toMatchObject({ reviewWeeks: 6, longWithoutReviewWeeks: 12, fullTimeHours: 25 });
  });

  it('keeps a source citation for every setting', () => {
    const paths = Object.entries(RULES_SCHEMA).flatMap(([s, spec]) => Object.keys(spec).map((k) => `${s}.${k}`));
    expect(Object.keys(RULES.sources).sort()).toEqual(paths.sort());
    for (const p of paths) expect(RULES.sources[p].length).toBeGreaterThan(5);
    expect(RULES.sources['ehc.finalPlanWeeks']).toMatch(/reg 13\(2\)/);
  });

  it.each([
    ['ehc.finalPlanWeeks', 0, 'ehc.finalPlanWeeks must be a positive integer'],
    ['ehc.finalPlanWeeks', 20.5, 'ehc.finalPlanWeeks must be a positive integer'],
    ['ehc.decisionWeeks', '6', 'ehc.decisionWeeks must be a positive integer'],
    ['annualReview.underFiveIntervalMonths', -6, 'annualReview.underFiveIntervalMonths must be a positive integer'],
    ['phaseTransfer.schoolDeadline', '02-30', "phaseTransfer.schoolDeadline must be a month and day 'MM-DD' that exists every year"],
    ['phaseTransfer.post16Deadline', '02-29', "phaseTransfer.post16Deadline must be a month and day 'MM-DD' that exists every year"],
    ['phaseTransfer.post16Deadline', '2026-03-31', "phaseTransfer.post16Deadline must be a month and day 'MM-DD' that exists every year"],
    ['waits.bandsWeeks', [0, 4, 2], 'waits.bandsWeeks must be an ascending list of whole weeks starting at 0'],
    ['waits.bandsWeeks', [1, 2], 'waits.bandsWeeks must be an ascending list of whole weeks starting at 0'],
    ['targets.amberTolerancePercent', 101, 'targets.amberTolerancePercent must be a number from 0 to 100'],
    ['ehc.draftPlanWeeks', 21, 'ehc.draftPlanWeeks must not exceed ehc.finalPlanWeeks'],
    ['waits.dnaRestartsClock', 'yes', 'waits.dnaRestartsClock must be true or false'],
    ['forecast.capacityFactor', 0, 'forecast.capacityFactor must be a number above 0'],
    ['forecast.defaultCv', '1', 'forecast.defaultCv must be a number above 0'],
    ['forecast.atRiskPercent', 150, 'forecast.atRiskPercent must be a number from 0 to 100'],
    ['forecast.minWindowWeeks', 27, 'forecast.minWindowWeeks must not exceed forecast.windowWeeks'],
    ['senSupport.reviewIntervalWeeks', 0, 'senSupport.reviewIntervalWeeks must be a positive integer'],
    ['senSupport.trendSignificancePercent', -1, 'senSupport.trendSignificancePercent must be a number from 0 to 100'],
    ['senSupport.trendMinHistoryTerms', 7, 'senSupport.trendMinHistoryTerms must not exceed senSupport.trendHistoryTerms'],
    ['senSupport.summerTermStarts', '10-01', 'senSupport.springTermStarts must fall before summerTermStarts'],
    [
      'alternativeProvision.reviewWeeks',
      12,
      'alternativeProvision.reviewWeeks must be less than alternativeProvision.longWithoutReviewWeeks',
    ],
    ['alternativeProvision.fullTimeHours', 0, 'alternativeProvision.fullTimeHours must be a positive integer'],
  ])('refuses %s = %j', (path, value, message) => {
    expect(() => parseRulesTable(withSetting(path, value))).toThrow(message);
  });

  it('names missing, unknown and uncited settings', () => {
    const missing = readRulesJson();
    delete missing.ehc.adviceWeeks;
    expect(() => parseRulesTable(missing)).toThrow('ehc.adviceWeeks is missing');

    const unknown = readRulesJson();
    unknown.ehc.finalPlanWeek = { value: 20, source: 'typo' };
    expect(() => parseRulesTable(unknown)).toThrow('ehc.finalPlanWeek is not a known setting');

    const bare: Record<string, Record<string, unknown>> = readRulesJson();
    bare.ehc.finalPlanWeeks = 20;
    expect(() => parseRulesTable(bare)).toThrow('ehc.finalPlanWeeks must be an object {value, source}');

    const uncited = readRulesJson();
    uncited.waits.maxWeeks.source = ' ';
    expect(() => parseRulesTable(uncited)).toThrow('waits.maxWeeks.source must cite its source');

    const section = readRulesJson();
    section.wait = {};
    expect(() => parseRulesTable(section)).toThrow('wait is not a known section');

    expect(() => parseRulesTable(null)).toThrow('rules table must be a JSON object');
    expect(() => parseRulesTable({ ...readRulesJson(), version: 3 })).toThrow('version must be a non-empty string');
    const noSection = readRulesJson();
    delete noSection.targets;
    expect(() => parseRulesTable(noSection)).toThrow('targets must be an object of settings');
  });

  it('lets an LA set local policy', () => {
    const rules = parseRulesTable(withSetting('annualReview.underFiveIntervalMonths', 3));
    expect(rules.annualReview.underFiveIntervalMonths).toBe(3);
    expect(Object.isFrozen(rules.ehc)).toBe(true);
  });
});
