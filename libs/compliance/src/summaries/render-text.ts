// The plain-text part of the summary mail, for clients that do not show HTML.
import { formatChange, formatNumber, formatValue, ragText } from './format-figure';
import type { WeeklyFigures } from './weekly-figures';

export function renderText(f: WeeklyFigures): string {
  const out = [
    `Weekly SEND compliance summary: LA ${f.la}, week ${f.week}`,
    `Figures as of ${f.weekStart}, compared with ${f.lastWeekStart}.`,
    '',
  ];
  for (const s of f.sections) {
    out.push(s.title);
    for (const x of s.figures) {
      out.push(
        `- ${x.label}: ${formatValue(x.thisWeek, x.unit, x.thisWeekOf)} ` +
          `(last week ${formatValue(x.lastWeek, x.unit, x.lastWeekOf)}; ${formatChange(x.change, x.unit, x.better)})`,
      );
    }
    out.push('');
  }
  out.push('Targets');
  if (!f.targets.length) out.push('- none set');
  for (const t of f.targets)
    out.push(`- ${t.name}: ${ragText(t.status)} (actual ${formatNumber(t.actual)}, expected ${formatNumber(t.expected)})`);
  out.push('', 'Breaches (case references)');
  if (!f.breaches.length) out.push('- none');
  for (const b of f.breaches) out.push(`- ${b.label}: ${b.count}: ${b.caseRefs.join(', ')}`);
  out.push('', 'The full tables are in the HTML version and the attached CSV.');
  return out.join('\n') + '\n';
}
