import type { CapacityReport } from '@app/compliance';
import { forecastPanel, forecastTables, type CommissionerForecastInput } from './commissioner-forecast.view';

const thin: CapacityReport = {
  la: '805',
  pathway: 'slt',
  asOf: '2026-11-30',
  windowWeeks: 26,
  flows: [{ from: '2026-11-17', to: '2026-11-23', added: 3, removed: 1 }],
  measures: null,
  notEnoughData: { field: 'window', have: 1, need: 8, unit: 'weeks', why: 'not enough data (1 weeks, need 8)' },
  targets: [
    {
      targetId: 7,
      name: 'slt-within-18-weeks',
      measure: 'waiting_within_target_pct',
      threshold: 92,
      comparator: 'gte',
      deadline: '2027-03-31',
      relief: null,
      why: 'Not projected: not enough data (1 weeks, need 8)',
    },
  ],
};

const input = (over: Partial<CommissionerForecastInput> = {}): CommissionerForecastInput => ({
  capacity: thin,
  projection: null,
  problem: null,
  targets: [{ id: 7, deadline: '2027-03-31' }],
  titles: new Map([[7, 'Speech and language therapy: at least 92% of children waiting under 18 weeks']]),
  asked: {},
  ...over,
});

describe('the commissioner page forecast panel', () => {
  it('says there is not enough data instead of figures, and names targets in words, never by their codes', () => {
    const panel = forecastPanel(input());
    expect(panel.notEnoughData).toBe('No forecast: not enough data (1 weeks, need 8).');
    expect(panel.stats).toEqual([]);
    expect(panel.projection).toBeNull();
    const [, needs] = forecastTables(input());
    expect(needs.columns[0].value(needs.rows[0])).toBe('Speech and language therapy: at least 92% of children waiting under 18 weeks');
    const shown = JSON.stringify({ panel, rows: needs.rows.map((r) => needs.columns.map((c) => (c.text ? c.text(r) : c.value(r)))) });
    expect(shown).not.toMatch(/NaN|Infinity|undefined/);
    expect(JSON.stringify(panel)).not.toContain('slt-within-18-weeks');
  });

  it("shows a what-if it cannot use as the form's error, linked to its field", () => {
    const panel = forecastPanel(
      input({
        problem: { field: 'capacityChange', reason: 'would make capacity negative: 6.4 a week now, change -100' },
        asked: { capacityChange: '-100' },
      }),
    );
    expect(panel.errorSummary).toEqual({
      titleText: 'There is a problem',
      errorList: [
        { text: 'The change in children seen a week would make capacity negative: 6.4 a week now, change -100', href: '#capacityChange' },
      ],
    });
    expect(panel.form.capacityChange).toMatchObject({ value: '-100', errorMessage: { text: expect.stringContaining('negative') } });
    expect(panel.form.demandChange).toMatchObject({ errorMessage: undefined });
  });
});
