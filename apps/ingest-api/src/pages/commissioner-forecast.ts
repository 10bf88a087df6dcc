// Reads the commissioner page's forecast: the list's capacity, and the projection of the chosen
// target (default: the first with a deadline still ahead) with the what-if typed into the form. A
// value the forecast cannot use becomes the form's error, never an error page.
import { ForecastInputError, type CapacityReport, type ForecastsService, type ProjectionReport } from '@app/compliance';
import { isIsoDate } from '@app/rules';
import type { CommissionerForecastInput } from './commissioner-forecast.view';
import type { CommissionerQuery } from './page-query';

type Asked = CommissionerForecastInput['asked'];
type Problem = { field: string; reason: string };

const NUMBER = /^-?\d+(\.\d+)?$/;

/** The what-if as numbers, or the first field that is not one. */
function parse(a: Asked): { window?: number; capacityChange?: number; capacityFrom?: string; demandChange?: number } | Problem {
  const num = (field: keyof Asked, v: string | undefined) => (v === undefined ? undefined : NUMBER.test(v.trim()) ? Number(v) : field);
  const window = num('window', a.window);
  const capacityChange = num('capacityChange', a.capacityChange);
  const demandChange = num('demandChange', a.demandChange);
  if (typeof window === 'string') return { field: 'window', reason: 'must be a whole number of weeks, like 26' };
  if (typeof capacityChange === 'string') return { field: 'capacityChange', reason: 'must be a number of children a week, like 5 or -2' };
  if (typeof demandChange === 'string') return { field: 'demandChange', reason: 'must be a percentage, like 10 or -5' };
  const from = a.capacityFrom?.trim();
  if (from !== undefined && !isIsoDate(from))
    return { field: 'capacityFrom', reason: 'must be a date written YYYY-MM-DD, like 2027-01-04' };
  return { window, capacityChange, demandChange, capacityFrom: from };
}

const isProblem = (v: object): v is Problem => 'field' in v && 'reason' in v;

export async function loadForecast(
  forecasts: ForecastsService,
  la: string,
  pathway: 'slt' | 'neurodevelopmental',
  today: string,
  q: CommissionerQuery,
): Promise<CommissionerForecastInput> {
  const asked: Asked = {
    target: q.target,
    window: q.window,
    capacityChange: q.capacityChange,
    capacityFrom: q.capacityFrom,
    demandChange: q.demandChange,
  };
  const parsed = parse(asked);
  let problem: Problem | null = isProblem(parsed) ? parsed : null;
  const whatIf = isProblem(parsed) ? {} : parsed;
  let capacity: CapacityReport;
  try {
    capacity = await forecasts.capacity({ la, pathway, windowWeeks: whatIf.window, asOf: today });
  } catch (e) {
    if (!(e instanceof ForecastInputError)) throw e;
    problem = { field: e.field, reason: e.reason };
    capacity = await forecasts.capacity({ la, pathway, asOf: today });
  }
  const ahead = capacity.targets.filter((t) => t.deadline > today);
  const targets = ahead.map((t) => ({ id: t.targetId, deadline: t.deadline }));
  const targetId = q.target !== undefined ? Number(q.target) : ahead[0]?.targetId;
  let projection: ProjectionReport | null = null;
  if (targetId !== undefined) {
    const ask = (w: typeof whatIf) =>
      forecasts.projection({
        la,
        pathway,
        target: { id: targetId },
        windowWeeks: capacity.windowWeeks,
        capacityChange: w.capacityChange,
        capacityFrom: w.capacityFrom,
        demandChange: w.demandChange,
        asOf: today,
      });
    try {
      projection = await ask(problem ? {} : whatIf);
    } catch (e) {
      if (!(e instanceof ForecastInputError)) throw e;
      problem ??= { field: e.field, reason: e.reason };
      // The list as it is, beside the what-if's error (unless the target itself is the problem).
      if (e.field !== 'target') projection = await ask({});
    }
  }
  return { capacity, projection, problem, targets, titles: new Map(), asked };
}
