// The plain-text part of the summary mail, for clients that do not show HTML: the same words in
// the same order as the HTML part (views/mail/weekly-summary.njk) and the leader page.
import { OVERDUE_NOT_KEPT, type BoardRules } from './board';
import { mailModel } from './render-html';
import type { WeeklyFigures } from './weekly-figures';

export function renderText(f: WeeklyFigures, rules: BoardRules, laName?: string | null): string {
  const { board, weekStart, sections, breaches } = mailModel(f, rules, laName);
  const list = (lines: string[]) => lines.map((l) => `- ${l}`);
  const out = [board.title, `Figures as of Monday ${weekStart}, compared with the ${board.lastWeekBeginning}.`, ...board.notes, ''];

  out.push('THE 20-WEEK FIGURE');
  if (board.headline) {
    out.push(board.headline.summary);
    const c = board.headline.columns;
    for (const r of board.headline.rows)
      out.push(`- ${r.label}: ${r.thisYear} in the ${c.thisYear}; ${r.lastYear} in the ${c.lastYear}; ${c.england}: ${r.england}`);
  } else out.push('This summary was stored before the 20-week headline was kept; the figures are below.');

  if (board.forecast) {
    const fc = board.forecast;
    out.push('', 'WHERE THE YEAR IS HEADING', fc.summary);
    for (const r of fc.rows) out.push(`- ${r.label}: ${r.projected} in ${fc.columns.projected}; ${fc.columns.published}: ${r.published}`);
    out.push('Waiting-list targets at risk:');
    if (fc.targetsAtRisk.length) out.push(...list(fc.targetsAtRisk));
    else out.push('At this rate every waiting-list target with a deadline ahead is met.');
  }

  out.push('', 'WHAT CHANGED SINCE LAST WEEK');
  const ch = board.changes;
  if (!ch.turnedRed.length && !ch.worse.length && !ch.improved.length) out.push('No target changed colour and no key figure moved.');
  if (ch.turnedRed.length) out.push('Turned red:', ...list(ch.turnedRed));
  if (ch.worse.length) out.push('Got worse:', ...list(ch.worse));
  if (ch.improved.length) out.push('Improved:', ...list(ch.improved));

  out.push('', 'TARGETS OFF TRACK');
  const t = board.targets;
  if (!t.total) out.push('No targets are set for this local authority.');
  else if (!t.offTrack.length) out.push(`All ${t.total} targets are on track or have no figure this week.`);
  else {
    out.push(`${t.offTrack.length} of ${t.total} targets are off track. ${t.amberRule}`);
    for (const x of t.offTrack) out.push(`- ${x.name}: ${x.measure}: ${x.value} (goal ${x.goal}). ${x.status}`);
  }

  out.push('', 'THE TEN LONGEST-OVERDUE CASES');
  if (!board.overdue) out.push(OVERDUE_NOT_KEPT);
  else if (!board.overdue.length) out.push('No open case has an overdue step.');
  for (const o of board.overdue ?? [])
    out.push(`- ${o.caseRef}: ${o.step}, was due ${o.dueOn}, overdue by ${o.overdueFor}; owner ${o.owner}`);

  out.push(
    '',
    'THE REST',
    "On the dashboards: each caseworker's list (My cases), the waiting lists, EHC timeliness by month and need, " +
      "and this summary's page with earlier weeks. Every figure of this week is below and in the attached CSV.",
    '',
  );
  for (const s of sections) {
    out.push(s.title, ...s.rows.map((r) => `- ${r.label}: ${r.thisWeek} (last week ${r.lastWeek}; ${r.change})`), '');
  }
  if (breaches.length) {
    out.push('Overdue steps and waits past target, by what is late');
    for (const b of breaches) out.push(`- ${b.label}: ${b.count} (last week ${b.lastWeek}; ${b.change})`);
    out.push('');
  }
  out.push('Case and staff references only; no personal details are included.');
  return out.join('\n') + '\n';
}
