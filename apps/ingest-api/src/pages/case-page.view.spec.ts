import type { AlertView } from '@app/compliance';
import type { Milestone } from '@app/rules';
import type { CaseView } from '../cases/cases.service';
import { caseChart, wrapLabel } from './case-chart';
import { casePageView, caseTables, eventDetails, type CasePageInput } from './case-page.view';
import { tableCsv } from './html-table';
import { views } from './views';

// Strings a hostile or careless source could put in a page (as in views.spec.ts).
const SCRIPT = '<script>alert(1)</script>';
const ATTRIBUTE = '"><img src=x onerror=alert(2)>';
const SINGLE = "' onmouseover='alert(3)";
const TEMPLATE = '{{ 7 * 7 }}{% if true %}evaluated{% endif %}';
const HOSTILE = `${SCRIPT}${ATTRIBUTE}${SINGLE}${TEMPLATE}`;

const chrome = { cspNonce: 'bm9uY2U=', signedIn: true, navigation: [{ text: 'My cases', href: '/dashboard/caseworker', active: true }] };

function milestone(over: Partial<Milestone>): Milestone {
  return {
    key: 'final_plan',
    kind: 'final_plan',
    clockFrom: '2026-05-01',
    dueOn: '2026-09-18',
    doneOn: null,
    state: 'overdue',
    rule: 'ehc.finalPlanWeeks',
    ...over,
  } as Milestone;
}

function alert(over: Partial<AlertView>): AlertView {
  return {
    la: '805',
    alertId: '7',
    caseRef: 'EHC-1',
    milestoneKey: 'final_plan',
    kind: 'due_soon',
    pathway: 'ehc_assessment',
    service: null,
    dueOn: '2027-01-12',
    raisedOn: '2026-11-30',
    recipientRef: 'CW-805-1',
    deliveredAt: null,
    emailedAt: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    resolution: null,
    escalatesAlertId: null,
    ...over,
  };
}

function caseView(over: Partial<CaseView> = {}): CaseView {
  return {
    la: '805',
    caseRef: 'EHC-1',
    pathway: 'ehc_assessment',
    childRef: 'C-1',
    firstEventOn: '2026-05-01',
    lastEventOn: '2026-10-01',
    eventCount: 4,
    asOf: '2026-11-30',
    status: 'open',
    outcome: null,
    startedOn: '2026-05-01',
    closedOn: null,
    wait: null,
    needCode: 'MLD',
    milestones: [
      milestone({}),
      milestone({
        key: 'advice.social_care',
        kind: 'advice',
        service: 'social_care',
        dueOn: '2026-06-12',
        doneOn: '2026-06-01',
        state: 'met',
      }),
      milestone({ key: 'draft_plan', kind: 'draft_plan', dueOn: '2027-01-12', state: 'pending' }),
    ],
    ignoredExceptions: [{ eventId: 'E-4', reason: 'school_closure', why: 'the closure is shorter than 4 weeks' }],
    timeline: [
      {
        eventId: 'E-1',
        type: 'request_received',
        date: '2026-05-01',
        fields: { needCode: 'MLD', birthDate: '2010-04-01' },
        source: 'api',
        receivedAt: '2026-05-01T09:00:00Z',
      },
      {
        eventId: 'E-2',
        type: 'advice_requested',
        date: '2026-05-01',
        fields: { service: 'social_care' },
        source: 'api',
        receivedAt: '2026-05-01T09:00:00Z',
      },
      {
        eventId: 'E-4',
        type: 'exception',
        date: '2026-07-01',
        fields: { reason: 'school_closure', until: '2026-07-10' },
        source: 'api',
        receivedAt: '2026-07-01T09:00:00Z',
      },
    ],
    ...over,
  } as CaseView;
}

const render = (i: CasePageInput, canAcknowledge = true) =>
  views.render('case.njk', { ...chrome, ...casePageView(i, { canAcknowledge, laName: 'Hartlepool' }, {}) });

describe('the case page', () => {
  it('escapes what the case, its events and its alerts carry', () => {
    const view = caseView({
      caseRef: HOSTILE,
      childRef: HOSTILE,
      timeline: [
        {
          eventId: HOSTILE,
          type: 'referral_closed',
          date: '2026-05-01',
          fields: { reason: HOSTILE },
          source: HOSTILE,
          receivedAt: '2026-05-01T09:00:00Z',
        },
      ],
    });
    const html = render({ view, alerts: [alert({ alertId: HOSTILE, recipientRef: HOSTILE, caseRef: HOSTILE })], acknowledged: undefined });
    expect(html).not.toContain(SCRIPT);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain("' onmouseover='");
    expect(html).not.toMatch(/>\s*49\s*</);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain('&#39; onmouseover=&#39;alert(3)');
    expect(html).toContain(TEMPLATE);
    // The chart's data block cannot be closed by a value in it.
    expect(html.match(/<\/script>/g)!.length).toBe(html.match(/<script\b/g)!.length);
  });

  it('escapes the acknowledged banner and the acknowledge form', () => {
    const acked = alert({ alertId: '9', acknowledgedAt: '2026-11-30T10:00:00Z', acknowledgedBy: HOSTILE });
    const html = render({ view: caseView(), alerts: [acked, alert({ alertId: '10' })], acknowledged: '9' });
    expect(html).toContain('Alert acknowledged');
    expect(html).not.toContain(SCRIPT);
    expect(html).toContain(`was acknowledged by &lt;script&gt;`);
    expect(html).toContain('action="/dashboard/cases/805/EHC-1/alerts/10/acknowledge"');
  });

  it('says everything in words: no codes, field names, file names or dates of birth', () => {
    const html = render({ view: caseView(), alerts: [alert({})] });
    const text = html.replace(/<[^>]+>/g, ' ');
    for (const developer of ['rules.json', 'needCode', 'birthDate', '2010', 'social_care', 'school_closure', 'MLD', 'service:']) {
      expect(text).not.toContain(developer);
    }
    expect(text).toContain('Moderate learning difficulty');
    expect(text).toContain('Advice (6 weeks): Social care');
    expect(text).toContain('Service: Social care');
    // The exception the rules set aside, with the reason in words.
    expect(text).toContain('Exception recorded but not applicable');
    expect(text).toContain('The closure lasts less than 4 weeks, so the time limit still applies.');
    // The alert says its step, the step's due date and when it was raised, apart.
    expect(text).toContain('Due soon: Final plan (20 weeks)');
    expect(text).toContain('12 January 2027 (in 43 days)');
    expect(html).toMatch(/Alert raised\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*30 November 2026\s*</);
    // Tags carry words.
    expect(html).toMatch(/govuk-tag--red">\s*Overdue/);
    expect(html).toMatch(/govuk-tag--green">\s*Done on time/);
  });

  it('keeps dates of birth out of the CSV too', () => {
    const [, , timeline] = caseTables({ view: caseView(), alerts: [] });
    const csv = tableCsv(timeline);
    expect(csv).not.toContain('2010-04-01');
    expect(csv).toContain('Primary need: Moderate learning difficulty');
  });

  it('offers the acknowledge form only to those who may acknowledge', () => {
    const readOnly = render({ view: caseView(), alerts: [alert({})] }, false);
    expect(readOnly).not.toContain('/acknowledge"');
    expect(readOnly).toContain('Caseworkers and team managers can acknowledge these alerts.');
    expect(render({ view: caseView(), alerts: [alert({})] }, true)).toContain('/alerts/7/acknowledge"');
  });

  it('reads an event’s details in words, dropping what it cannot name', () => {
    expect(eventDetails({ type: 'request_received', fields: { needCode: 'ASD', birthDate: '2019-01-01', reassessment: true } })).toBe(
      'Primary need: Autistic spectrum disorder. A reassessment of an existing plan',
    );
    expect(
      eventDetails({ type: 'plan_active', fields: { planIssuedOn: '2025-03-01', phaseTransfer: { kind: 'post16', year: 2027 } } }),
    ).toBe('Plan issued 1 Mar 2025. Phase transfer: move to post-16 education in 2027');
    expect(eventDetails({ type: 'review_decision', fields: { outcome: 'amend', someNewField: 'x' } })).toBe('Outcome: Amend the plan');
  });
});

describe('the case chart', () => {
  it('colours each status series as its legend says, and leaves no bar without its status', () => {
    const chart = caseChart(caseView().milestones, '2026-11-30')!;
    const spec = JSON.parse(chart.json) as { datasets: { label: string; colour: string; data: unknown[]; legendColour?: string }[] };
    expect(spec.datasets.map((d) => [d.label, d.colour])).toEqual([
      ['Time allowed: clock start to due date', 'lightGrey'],
      ['Time so far: overdue', 'red'],
      ['Time taken: done on time', 'green'],
      ['Time so far: not yet due', 'blue'],
    ]);
    expect(spec.datasets.every((d) => !d.legendColour)).toBe(true);
    // Each milestone has exactly one time-taken bar.
    for (let i = 0; i < 3; i++) expect(spec.datasets.slice(1).filter((d) => d.data[i] !== null)).toHaveLength(1);
  });

  it('wraps long labels for a narrow screen', () => {
    expect(wrapLabel('Reassessment final plan (14 weeks): Speech and language therapy')).toEqual([
      'Reassessment final',
      'plan (14 weeks):',
      'Speech and language',
      'therapy',
    ]);
  });
});
