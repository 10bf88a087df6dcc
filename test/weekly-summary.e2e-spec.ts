// The Monday summary end to end: real PostgreSQL, a real SMTP server in this process, the real API.
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { todayInLondon, type CaseEvent } from '@app/rules';
import {
  RecomputeService,
  SnapshotsService,
  StaffRepository,
  syntheticStaff,
  SummariesService,
  TargetsService,
  type WeeklyFigures,
} from '@app/compliance';
import { LAST_WEEK, snapshotRows, THIS_WEEK } from '@app/compliance/testing';
import { type TestApi, startApi } from './support/api-app';
import { uniquePrefix } from './support/event-factory';

// An LA no other spec writes to, so its breach lists are exactly this spec's cases.
const LA = '931';
const LEADERS = [`lead-${LA}-send@la${LA}.example.test`, `lead-${LA}-dcs@la${LA}.example.test`];

interface Received {
  rcpt: string[];
  mail: ParsedMail;
}

function startSmtp(received: Received[]): Promise<{ server: SMTPServer; port: number }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({ rcpt: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        })
        .catch(callback);
    },
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.server.address() as AddressInfo).port })),
  );
}

/** An EHC assessment stuck after asking SLT for advice in June: advice and final plan overdue by now. */
function stuckAssessment(prefix: string, n: number): CaseEvent[] {
  const base = { la: LA, caseRef: `${prefix}-EHC-${n}`, childRef: `C-${prefix}-${n}`, pathway: 'ehc_assessment' as const };
  return [
    { ...base, eventId: `${prefix}-${n}-1`, type: 'request_received', date: '2026-05-04', needCode: 'SLCN' },
    { ...base, eventId: `${prefix}-${n}-2`, type: 'decision_to_assess', date: '2026-06-01', outcome: 'assess' },
    { ...base, eventId: `${prefix}-${n}-3`, type: 'advice_requested', date: '2026-06-02', service: 'slt' },
  ];
}

const figure = (f: WeeklyFigures, measure: string) => f.sections.flatMap((s) => s.figures).find((x) => x.measure === measure);

async function until<T>(probe: () => T | undefined, ms = 10000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    const v = probe();
    if (v !== undefined) return v;
  }
  throw new Error('timed out');
}

describe('weekly summary for leaders (PostgreSQL, SMTP, API)', () => {
  const received: Received[] = [];
  let smtp: SMTPServer;
  let api: TestApi;
  let summaries: SummariesService;
  const prefix = uniquePrefix('wk');
  const caseRefs = [1, 2, 3].map((n) => `${prefix}-EHC-${n}`);

  beforeAll(async () => {
    const started = await startSmtp(received);
    smtp = started.server;
    // Config is read lazily, once per Jest module registry: set before the app is built.
    process.env.SMTP_URL = `smtp://127.0.0.1:${started.port}`;
    api = await startApi();
    summaries = api.app.get(SummariesService);

    const staff = syntheticStaff(LA);
    staff.push({ la: LA, staffRef: `LEAD-${LA}-DCS`, role: 'leader', team: 'leadership', service: null, email: LEADERS[1] });
    await api.app.get(StaffRepository).upsert(staff);

    // This week, last week, and the same Monday a year earlier (the headline's "a year earlier").
    for (const rows of [
      snapshotRows(LA, '2026-11-16', THIS_WEEK),
      snapshotRows(LA, '2026-11-09', LAST_WEEK),
      snapshotRows(LA, '2025-11-17', LAST_WEEK),
    ]) {
      for (const r of rows) {
        await api.db.query(
          `INSERT INTO measure_snapshots (la_code, snapshot_on, pathway, need_code, measures) VALUES ($1, $2, $3, $4, $5)`,
          [r.la, r.snapshotOn, r.pathway, r.needCode, JSON.stringify(r.measures)],
        );
      }
    }

    await api
      .http()
      .post('/v1/events')
      .send([1, 2, 3].flatMap((n) => stuckAssessment(prefix, n)))
      .expect(200);
    await api.app.get(RecomputeService).recomputeCases(LA, caseRefs, todayInLondon(new Date()));

    const targets = api.app.get(TargetsService);
    const target = { la: LA, comparator: 'gte' as const, deadline: '2027-03-31' };
    await targets.create({
      ...target,
      name: 'ehc-20wk-ex',
      pathway: 'ehc_assessment',
      measure: 'final_within_20_weeks_ex_pct',
      threshold: 90,
    });
    await targets.create({ ...target, name: 'slt-within-18wk', pathway: 'slt', measure: 'waiting_within_target_pct', threshold: 95 });
  });

  afterAll(async () => {
    await api?.close();
    await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
  });

  it('builds, stores and mails the summary to every leader of the LA once', async () => {
    expect(await summaries.runWeekly(LA, '2026-W47')).toEqual({ stored: true, emailedTo: 2 });

    const [row] = await api.db.query(
      `SELECT week_start::text, figures, html, csv, emailed_at FROM weekly_summaries WHERE la_code = $1 AND week = '2026-W47'`,
      [LA],
    );
    expect(row.week_start).toBe('2026-11-16');
    expect(row.emailed_at).not.toBeNull();
    const f: WeeklyFigures = row.figures;
    expect(f).toMatchObject({
      la: LA,
      week: '2026-W47',
      weekStart: '2026-11-16',
      lastWeekStart: '2026-11-09',
      snapshots: { thisWeek: true, lastWeek: true },
    });
    expect(figure(f, 'ehc.within20Weeks.including')).toMatchObject({
      thisWeek: 67.3,
      lastWeek: 60,
      change: 7.3,
      thisWeekOf: { count: 37, of: 55 },
    });
    expect(figure(f, 'ehc.within20Weeks.excluding')).toMatchObject({ thisWeek: 75, lastWeek: 66.7, change: 8.3 });
    expect(figure(f, 'open.overdue')).toMatchObject({ thisWeek: 4, lastWeek: 6, change: -2 });
    expect(figure(f, 'advice.slt.including')).toMatchObject({ thisWeek: 58.3, lastWeek: 50, change: 8.3 });
    expect(figure(f, 'reviews.meetingsOnTime')).toMatchObject({ thisWeek: 80, change: 0 });
    expect(figure(f, 'waits.slt.waiting')).toMatchObject({ thisWeek: 10, lastWeek: 12, change: -2 });

    const finalPlan = f.breaches.find((b) => b.kind === 'final_plan');
    expect(finalPlan).toMatchObject({ pathway: 'ehc_assessment', count: 3, caseRefs: [...caseRefs].sort(), lastWeek: null });
    expect(f.breaches.find((b) => b.kind === 'advice')).toMatchObject({ service: 'slt', count: 3 });

    const byName = new Map(f.targets.map((t) => [t.name, t]));
    expect(byName.get('ehc-20wk-ex')).toMatchObject({ actual: 75, status: 'red', lastWeekActual: 66.7, lastWeekStatus: 'red' });
    expect(byName.get('slt-within-18wk')).toMatchObject({ actual: 100, status: 'green' });

    // The headline: the 20-week figure this year, a year earlier and England's (the DfE's newest year).
    expect(f.headline).toMatchObject({
      thisYear: { asOf: '2026-11-16', excluding: { percent: 75, count: 36, of: 48 } },
      lastYear: { asOf: '2025-11-17', excluding: { percent: 66.7, count: 30, of: 45 } },
      england: { year: '2024', excluding: 46.4, including: 45.9 },
    });
    // The longest overdue: each stuck case once, by its oldest overdue step (asked for advice in June).
    expect(f.overdueCases!.map((c) => c.caseRef).sort()).toEqual([...caseRefs].sort());
    for (const c of f.overdueCases!)
      expect(c).toMatchObject({ pathway: 'ehc_assessment', kind: 'advice', service: 'slt', dueOn: '2026-07-14', ownerRef: 'SVC-931-SLT' });

    const mail = await until(() => received.find((r) => r.mail.subject?.includes('week beginning 16 November 2026')));
    expect(mail.mail.subject).toBe(`Weekly SEND compliance summary: LA ${LA}, week beginning 16 November 2026`);
    expect([...mail.rcpt].sort()).toEqual([...LEADERS].sort());
    expect(mail.mail.messageId).toBe(`<weekly-summary.${LA}.2026-W47@localhost.localdomain>`);
    const html = String(mail.mail.html);
    expect(html).toContain('<caption');
    expect(html).not.toContain('2026-W47');
    // The leader page's order, in the HTML part and the text part alike.
    const headings = [
      'The 20-week figure',
      'Where the year is heading',
      'What changed since last week',
      'Targets off track',
      'The ten longest-overdue cases',
      'The rest',
    ];
    const inHtml = headings.map((h) => html.indexOf(`${h}</h2>`));
    expect(inHtml.every((i) => i > 0)).toBe(true);
    expect(inHtml).toEqual([...inHtml].sort((a, b) => a - b));
    const text = String(mail.mail.text);
    const inText = headings.map((h) => text.indexOf(`\n${h.toUpperCase()}\n`));
    expect(inText.every((i) => i > 0)).toBe(true);
    expect(inText).toEqual([...inText].sort((a, b) => a - b));
    // The same words in both parts.
    const summary = 'up 8.3 points on last week';
    expect(html).toContain(`% within 20 weeks, excluding exceptions (DfE headline): 75.0%, ${summary}`);
    expect(text).toContain(`% within 20 weeks, excluding exceptions (DfE headline): 75.0%, ${summary}`);
    expect(html).toContain('England&#39;s figure for 2024 was 46.4%.');
    expect(text).toContain("England's figure for 2024 was 46.4%.");
    // The EHC target is red (75% against 90%), off track by a number with its unit, in both parts.
    expect(html).toMatch(/background:#f6d7d7;color:#6b0000;font-weight:bold;">Red: off track by 15.0 points<\/td>/);
    expect(text).toContain('EHC needs assessment: % of final plans issued within 20 weeks, excluding exceptions: 75.0%');
    for (const ref of caseRefs) {
      expect(html).toContain(`font-family:monospace;white-space:nowrap;">${ref}</th>`);
      expect(text).toContain(`- ${ref}: Advice (6 weeks): Speech and language therapy, was due 14 July 2026`);
    }
    const [csv] = mail.mail.attachments;
    expect(csv).toMatchObject({ filename: `weekly-summary-${LA}-2026-W47.csv`, contentType: 'text/csv' });
    const csvText = csv.content.toString('utf8');
    expect(csvText).toBe(row.csv);
    for (const ref of caseRefs)
      expect(csvText).toContain(
        `breach_cases,ehc_assessment.final_plan,Overdue: EHC needs assessment: Final plan (20 weeks),,,,,${ref}\r\n`,
      );
  });

  it('sends no second mail when run again, and leaves the mailed copy as it was', async () => {
    const before = await api.db.query(
      `SELECT figures, created_at, emailed_at FROM weekly_summaries WHERE la_code = $1 AND week = '2026-W47'`,
      [LA],
    );
    expect(await summaries.runWeekly(LA, '2026-W47')).toEqual({ stored: false, emailedTo: 0 });
    await new Promise((r) => setTimeout(r, 300));
    expect(received.filter((r) => r.mail.subject?.includes('16 November 2026'))).toHaveLength(1);
    expect(
      await api.db.query(`SELECT figures, created_at, emailed_at FROM weekly_summaries WHERE la_code = $1 AND week = '2026-W47'`, [LA]),
    ).toEqual(before);
  });

  it('mails once when two runs of the same week race, and takes breach changes from last week', async () => {
    // The snapshots of the Monday and of the Monday a year earlier are computed first: this test is
    // about the mail, not snapshot writes.
    await api.app.get(SnapshotsService).ensure(LA, '2026-11-23');
    await api.app.get(SnapshotsService).ensure(LA, '2025-11-24');
    const results = await Promise.all([summaries.runWeekly(LA, '2026-W48'), summaries.runWeekly(LA, '2026-W48')]);
    expect(results.map((r) => r.emailedTo).sort()).toEqual([0, 2]);
    await new Promise((r) => setTimeout(r, 300));
    expect(received.filter((r) => r.mail.subject?.includes('23 November 2026'))).toHaveLength(1);
    const summary = await summaries.get(LA, '2026-W48');
    expect(summary?.figures.breaches.find((b) => b.kind === 'final_plan')).toMatchObject({ count: 3, lastWeek: 3, change: 0 });
  });

  it('serves the summary as JSON, HTML and CSV', async () => {
    const json = await api.http().get(`/v1/summaries/weekly?la=${LA}&week=2026-W47`).expect(200);
    expect(json.body).toMatchObject({ la: LA, week: '2026-W47', weekStart: '2026-11-16' });
    expect(figure(json.body.figures, 'ehc.within20Weeks.excluding')).toMatchObject({ change: 8.3 });
    expect(json.body.emailedAt).toEqual(expect.any(String));

    const html = await api.http().get(`/v1/summaries/weekly?la=${LA}&week=2026-W47&format=html`).expect(200);
    expect(html.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(html.text.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.text).toContain(caseRefs[0]);
    expect(html.text).toContain('<title>Weekly summary for LA 931, week beginning 16 November 2026</title>');

    const csv = await api.http().get(`/v1/summaries/weekly?la=${LA}&week=2026-W47&format=csv`).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain(`weekly-summary-${LA}-2026-W47.csv`);
    expect(csv.text.split('\r\n')[0]).toBe('section,measure,label,this_week,last_week,change,status,case_ref');
  });

  it('answers 404 naming the LA and week, and 400 for a malformed week or LA', async () => {
    const missing = await api.http().get(`/v1/summaries/weekly?la=${LA}&week=2026-W40`).expect(404);
    expect(missing.body.message).toBe(`no weekly summary for LA ${LA}, week 2026-W40`);
    for (const week of ['2026-47', '2026-W54', '2025-W53', 'W47']) {
      const bad = await api.http().get(`/v1/summaries/weekly?la=${LA}&week=${week}`).expect(400);
      expect(JSON.stringify(bad.body.message)).toContain('week must be an ISO week');
    }
    await api.http().get(`/v1/summaries/weekly?la=X1&week=2026-W47`).expect(400);
    await api.http().get(`/v1/summaries/weekly?la=${LA}&week=2026-W47&format=pdf`).expect(400);
  });
});
