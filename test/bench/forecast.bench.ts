// Forecast backtest: on the seeded synthetic area, in memory (no database), forecasts made at each
// month-end of a past year are compared with what then happened. Prints the mean absolute error of
// (a) the year's 20-week figure forecast at mid-year, (b) the waiting-list size 13 weeks ahead,
// and (c) the Brier score of the at-risk probability, each beside its goal.
//   npm run bench:forecast [-- LAS=6 [YEAR=2025]]
import {
  addDays,
  buildStageDistributions,
  EhcTimelinessAccumulator,
  evaluateCase,
  forecastAssessment,
  isProblem,
  ListHistoryAccumulator,
  parseRulesTable,
  projectList,
  projectYear20Weeks,
  type CaseEvaluation,
  type CaseEvent,
  type IsoDate,
} from '@app/rules';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCases } from '../../apps/ingest-api/src/seed/generate-events';
import { seedOptionsFromCli } from '../../apps/ingest-api/src/seed/seed-options';

const LAS = Number(process.argv[2] ?? 6);
const YEAR = Number(process.argv[3] ?? 2025);
/** Generated history runs to here: every outcome of YEAR's forecasts is known by then. */
const TRUTH = `${YEAR + 1}-11-29`;
const MID_YEAR = `${YEAR}-06-30`;
const GOAL_YEAR_POINTS = 5;
const GOAL_BRIER = 0.15;
const AHEAD_DAYS = 13 * 7;
const WAIT_PATHWAYS = ['slt', 'neurodevelopmental'] as const;

const rules = parseRulesTable(JSON.parse(readFileSync(join(__dirname, '..', '..', 'config', 'rules.json'), 'utf8')));

function monthEnds(year: number): IsoDate[] {
  return Array.from({ length: 12 }, (_, m) => addDays(m === 11 ? `${year + 1}-01-01` : `${year}-${String(m + 2).padStart(2, '0')}-01`, -1));
}

const evaluateAll = (cases: CaseEvent[][], asOf: IsoDate): CaseEvaluation[] => cases.map((c) => evaluateCase(c, asOf, rules));

/** 1 when the final plan came after its 20-week day (or the case was still open past it), 0 otherwise. */
function missed(truth: CaseEvaluation): number {
  const final = truth.milestones.find((m) => m.kind === 'final_plan');
  if (final?.doneOn) return final.doneOn > final.dueOn ? 1 : 0;
  if (truth.status === 'open' && final) return truth.asOf > final.dueOn ? 1 : 0;
  return 0; // ended without a plan: no 20-week limit missed
}

function yearFigure(evaluations: CaseEvaluation[]) {
  const acc = new EhcTimelinessAccumulator({ from: `${YEAR}-01-01`, to: `${YEAR}-12-31` }, rules);
  for (const e of evaluations) acc.add(e);
  return acc.result().within20Weeks;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const f1 = (n: number | null) => (n === null || !Number.isFinite(n) ? '-' : n.toFixed(1));

function main(): void {
  const started = Date.now();
  const options = seedOptionsFromCli({ las: LAS, seed: 1, asOf: TRUTH });
  const ends = monthEnds(YEAR);
  const yearErrors = { incl: [] as number[], excl: [] as number[], byMonthIncl: ends.map(() => [] as number[]) };
  const sizeErrors: number[] = [];
  const sizeBias: number[] = [];
  const sizePercentErrors: number[] = [];
  const brier: number[] = [];
  const coverage: number[] = [];
  const outcomes: number[] = [];
  const lines: string[] = [];

  for (const la of options.las) {
    const ehc: CaseEvent[][] = [];
    const waits: CaseEvent[][] = [];
    for (const c of generateCases({ ...options, las: [la] })) {
      if (c[0].pathway === 'ehc_assessment') ehc.push(c);
      else if (c[0].pathway === 'slt' || c[0].pathway === 'neurodevelopmental') waits.push(c);
    }
    const truth = new Map(evaluateAll(ehc, TRUTH).map((e) => [e.caseRef, e]));
    const actual = yearFigure([...truth.values()]);

    ends.forEach((asOf, month) => {
      const now = evaluateAll(ehc, asOf);
      const d = buildStageDistributions(now, asOf, rules);
      for (const e of now) {
        if (e.status !== 'open') continue;
        const f = forecastAssessment(e, d, rules);
        if (isProblem(f)) continue;
        const o = missed(truth.get(e.caseRef)!);
        brier.push((f.missProbability - o) ** 2);
        outcomes.push(o);
      }
      const y = projectYear20Weeks(now, YEAR, d, rules);
      // By month, the LAs with enough plans for a figure (City of London's 4 plans swing 25 points each).
      if (y.including.percent !== null && actual.including.percent !== null && actual.including.of >= rules.forecast.minStageSample) {
        yearErrors.byMonthIncl[month].push(Math.abs(y.including.percent - actual.including.percent));
      }
      if (y.including.low !== null && y.including.high !== null && actual.including.of >= rules.forecast.minStageSample && month < 11) {
        coverage.push(actual.including.percent! >= y.including.low && actual.including.percent! <= y.including.high ? 1 : 0);
      }
      if (asOf === MID_YEAR && (y.including.percent === null || actual.including.percent === null)) {
        lines.push(`    ${la}: no forecast: ${actual.including.of} plans in the year, ${d.endedCases} ended assessments to learn from`);
      } else if (asOf === MID_YEAR) {
        yearErrors.incl.push(Math.abs(y.including.percent! - actual.including.percent!));
        if (y.excluding.percent !== null && actual.excluding.percent !== null) {
          yearErrors.excl.push(Math.abs(y.excluding.percent - actual.excluding.percent));
        }
        lines.push(
          `    ${la}: forecast ${f1(y.including.percent)}% [${f1(y.including.low)}-${f1(y.including.high)}] ` +
            `(excl. ${f1(y.excluding.percent)}%), actual ${f1(actual.including.percent)}% (excl. ${f1(actual.excluding.percent)}%) ` +
            `of ${actual.including.of} plans; so far ${f1(y.soFar.including.percent)}% of ${y.soFar.including.of}`,
        );
      }

      const later = addDays(asOf, AHEAD_DAYS);
      const [nowWaits, laterWaits] = [evaluateAll(waits, asOf), evaluateAll(waits, later)];
      for (const pathway of WAIT_PATHWAYS) {
        const acc = new ListHistoryAccumulator(pathway, asOf, rules.forecast.windowWeeks);
        for (const e of nowWaits) acc.add(e);
        const p = projectList(
          {
            ...acc.result(),
            targetWeeks: pathway === 'slt' ? rules.waits.sltTargetWeeks : rules.waits.ndTargetWeeks,
            target: { measure: 'waiting_count', threshold: 0, comparator: 'lte', deadline: later },
            runs: 10,
          },
          rules,
        );
        if (isProblem(p)) continue;
        const projected = p.weeks[p.weeks.length - 1].size;
        const real = laterWaits.filter((e) => e.pathway === pathway && e.wait?.open).length;
        sizeErrors.push(Math.abs(projected - real));
        sizeBias.push(projected - real);
        if (real > 0) sizePercentErrors.push((100 * Math.abs(projected - real)) / real);
      }
    });
  }

  const base = mean(outcomes);
  const climatology = mean(outcomes.map((o) => (base - o) ** 2));
  const a = mean(yearErrors.incl);
  const c = mean(brier);
  const mark = (ok: boolean) => (ok ? 'goal met' : 'GOAL MISSED');
  console.log(
    `forecast backtest: ${options.las.length} LAs (${options.las.join(', ')}), seed 1, ` +
      `history to ${TRUTH}, forecasts at each month-end of ${YEAR}`,
  );
  console.log(
    `(a) ${YEAR} 20-week figure forecast on ${MID_YEAR}: mean absolute error ${a.toFixed(2)} points including exceptions, ` +
      `${mean(yearErrors.excl).toFixed(2)} excluding, over ${yearErrors.incl.length} LAs ` +
      `(goal: within ${GOAL_YEAR_POINTS}) ${mark(a <= GOAL_YEAR_POINTS)}`,
  );
  for (const l of lines) console.log(l);
  console.log(
    `    the actual figure fell inside the ${rules.forecast.yearIntervalPercent}% interval in ${coverage.filter(Boolean).length} ` +
      `of ${coverage.length} forecasts (January to November month-ends, LAs with ${rules.forecast.minStageSample}+ plans)`,
  );
  console.log(
    `    by month-end (including, LAs with ${rules.forecast.minStageSample}+ plans): ` +
      yearErrors.byMonthIncl.map((e, i) => `${ends[i].slice(5)} ${mean(e).toFixed(1)}`).join(', '),
  );
  console.log(
    `(b) waiting-list size 13 weeks ahead: mean absolute error ${mean(sizeErrors).toFixed(1)} children ` +
      `(${mean(sizePercentErrors).toFixed(1)}% of the list) over ${sizeErrors.length} forecasts ` +
      `(SLT and ND, ${rules.forecast.windowWeeks}-week window); mean signed error ${mean(sizeBias).toFixed(1)}`,
  );
  console.log(
    `(c) at-risk probability: Brier score ${c.toFixed(3)} over ${brier.length} open-assessment forecasts (goal: below ${GOAL_BRIER}) ` +
      `${mark(c < GOAL_BRIER)}; ${(100 * base).toFixed(1)}% missed 20 weeks; ` +
      `always forecasting that rate would score ${climatology.toFixed(3)}`,
  );
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main();
