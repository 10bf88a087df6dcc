// The summary as one self-contained HTML document (mail body and GET ?format=html), rendered by
// views/mail/weekly-summary.njk: the leader page's order (headline, what changed, targets off
// track, longest overdue, the rest), then every figure. Inline styles only; RAG in words too.
import { escapeHtml } from '../common/escape';
import { OVERDUE_NOT_KEPT, weeklyBoard, type BoardRules, type WeeklyBoard } from './board';
import { formatChange, formatNumber, formatValue, longDate, orNoFigure } from './format-figure';
import { mailViews } from './mail-views';
import type { WeeklyFigures } from './weekly-figures';

export { escapeHtml };

export interface MailModel {
  board: WeeklyBoard;
  weekStart: string;
  overdueNotKept: string;
  sections: { title: string; rows: { label: string; thisWeek: string; lastWeek: string; change: string }[] }[];
  breaches: { label: string; count: number; lastWeek: string; change: string }[];
}

export function mailModel(f: WeeklyFigures, rules: BoardRules, laName?: string | null): MailModel {
  return {
    board: weeklyBoard(f, rules, laName),
    weekStart: longDate(f.weekStart),
    overdueNotKept: OVERDUE_NOT_KEPT,
    sections: f.sections.map((s) => ({
      title: s.title,
      rows: s.figures.map((x) => ({
        label: x.label,
        thisWeek: orNoFigure(formatValue(x.thisWeek, x.unit, x.thisWeekOf)),
        lastWeek: orNoFigure(formatValue(x.lastWeek, x.unit, x.lastWeekOf)),
        change: orNoFigure(formatChange(x.change, x.unit, x.better)),
      })),
    })),
    breaches: f.breaches.map((b) => ({
      label: b.label,
      count: b.count,
      lastWeek: orNoFigure(formatNumber(b.lastWeek)),
      change: orNoFigure(formatChange(b.change, 'count', 'lower')),
    })),
  };
}

export function renderHtml(f: WeeklyFigures, rules: BoardRules, laName?: string | null): string {
  return mailViews.render('mail/weekly-summary.njk', mailModel(f, rules, laName));
}
