// The dashboards' front page: choose an LA, then the view for your role.
import { escapeHtml } from '@app/compliance';
import { DASHBOARD, layout, withQuery } from './layout';

export interface DashboardInput {
  la?: string;
  las: { la: string; name: string }[];
}

const VIEWS = [
  {
    path: 'caseworker',
    title: 'My cases',
    who: 'Caseworkers and team managers',
    text: 'Steps overdue, due in the next 14 days, and under an exception; each case with its timeline and alerts.',
  },
  {
    path: 'commissioner',
    title: 'Waiting lists',
    who: 'Commissioners (LA and ICB)',
    text:
      'Speech and language therapy and neurodevelopmental waits: NHS bands, median and 92nd percentile over time, ' +
      'targets and trajectories, the longest waiters.',
  },
  {
    path: 'leader',
    title: 'Weekly summary',
    who: 'Leaders and the SEND partnership board',
    text: 'This week against last: EHC timeliness, open assessments, advice, reviews, waits, targets, and the cases behind each breach.',
  },
  {
    path: 'ehc-timeliness',
    title: 'EHC timeliness',
    who: 'Everyone',
    text: 'The monthly trend of final plans issued within 20 weeks, including and excluding exceptions, by primary need.',
  },
];

export function dashboardPage(i: DashboardInput): string {
  const options = i.las
    .map((l) => `<option value="${escapeHtml(l.la)}"${l.la === i.la ? ' selected' : ''}>${escapeHtml(`${l.name} (${l.la})`)}</option>`)
    .join('');
  const cards = VIEWS.map(
    (v) => `<li class="card"><h2><a href="${escapeHtml(withQuery(`${DASHBOARD}/${v.path}`, { la: i.la }))}">${escapeHtml(v.title)}</a></h2>
<p><strong>${escapeHtml(v.who)}.</strong> ${escapeHtml(v.text)}</p></li>`,
  ).join('\n');
  const chooser = i.las.length
    ? `<form class="filters" method="get" action="${DASHBOARD}">` +
      `<div class="field"><label for="la">Local authority</label><select id="la" name="la">${options}</select></div>` +
      '<button class="button" type="submit">Choose</button></form>'
    : '<div class="inset">No cases have been received yet. Send events to <code>POST /v1/events</code>, ' +
      'or run <code>npm run seed</code> for a synthetic area.</div>';
  const lead =
    '<p class="lead">Statutory timeliness of EHC needs assessments and annual reviews, and waits for speech and language therapy ' +
    'and neurodevelopmental assessment, for one local authority at a time.</p>';
  const body = `${lead}
${chooser}
<ul class="cards">${cards}</ul>
<p>Every table can be downloaded as CSV. The same figures are in the API: see the <a href="/docs">API documentation</a>.</p>`;
  return layout({ title: 'SEND timeliness dashboards', la: i.la, active: 'home', body });
}

export function noCasesPage(): string {
  return layout({
    title: 'No cases yet',
    active: 'home',
    body:
      '<p>No local authority has any cases yet. Send events to <code>POST /v1/events</code>, ' +
      'or run <code>npm run seed</code> for a synthetic area.</p>',
  });
}
