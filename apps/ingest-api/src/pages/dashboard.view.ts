// The dashboards' front page (views/dashboard.njk): choose an LA, then one of the pages the
// signed-in role may open. Also the page shown when no LA has any cases yet (views/no-cases.njk).
import type { Role } from '@app/access';
import { DASHBOARD, type PageKey, mayOpen, withQuery } from './page-access';
import { renderView } from './views';

export interface DashboardInput {
  la?: string;
  las: { la: string; name: string }[];
  role?: Role;
}

const PAGES: { key: PageKey; path: string; title: string; text: string }[] = [
  {
    key: 'caseworker',
    path: `${DASHBOARD}/caseworker`,
    title: 'My cases',
    text: 'Steps overdue, due in the next 14 days, and under an exception; each case with its timeline and alerts.',
  },
  {
    key: 'commissioner',
    path: `${DASHBOARD}/commissioner`,
    title: 'Waiting lists',
    text:
      'Waits for speech and language therapy and for neurodevelopmental assessment: how long children have waited, ' +
      'the middle and longest waits over time, targets and their trajectories, and the longest waiters.',
  },
  {
    key: 'leader',
    path: `${DASHBOARD}/leader`,
    title: 'Weekly summary',
    text:
      'The week on one screen: the 20-week figure against a year earlier and England, what turned red or improved, ' +
      'the targets off track and the ten longest-overdue cases.',
  },
  {
    key: 'ehc',
    path: `${DASHBOARD}/ehc-timeliness`,
    title: 'EHC timeliness',
    text: 'The monthly trend of final plans issued within 20 weeks, including and excluding exceptions, by primary need.',
  },
  {
    key: 'senSupport',
    path: `${DASHBOARD}/sen-support`,
    title: 'SEND support',
    text:
      'Children at SEN support in schools term by term, by need and school; schools whose numbers moved sharply, schools with ' +
      'none, needs rising; reviews overdue; and how many of these children are also waiting for therapy or assessment.',
  },
  {
    key: 'alternativeProvision',
    path: `${DASHBOARD}/alternative-provision`,
    title: 'Alternative provision',
    text: 'Children placed in alternative provision: part-time timetables, placements not reviewed, time in AP, by provider.',
  },
  {
    key: 'imports',
    path: `${DASHBOARD}/imports`,
    title: 'Import data',
    text:
      'Bring in an SEN2 return, a case-list extract or an NHS referral extract: check it, see what it will change, ' +
      'then import it. Also checks an SEN2 return before it is submitted, and lists past imports.',
  },
  {
    key: 'queues',
    path: '/admin/queues',
    title: 'Queues',
    text: 'The background work: jobs waiting, running and failed in each queue, with retry and remove for failed jobs.',
  },
];

const NO_CASES = 'No local authority has sent any cases yet. When cases arrive from a case management system, they appear here.';

export interface DashboardView {
  pageTitle: string;
  lead: string;
  /** govukSelect's params for the LA, when there is one to choose. */
  laChoice?: object;
  noCasesText: string;
  pages: { href: string; title: string; text: string }[];
}

export function dashboardView(i: DashboardInput): DashboardView {
  return {
    pageTitle: 'SEND timeliness dashboards',
    lead:
      'Statutory timeliness of EHC needs assessments and annual reviews, and waits for speech and language therapy ' +
      'and neurodevelopmental assessment, for one local authority at a time.',
    ...(i.las.length
      ? {
          laChoice: {
            id: 'la',
            name: 'la',
            label: { text: 'Local authority' },
            items: i.las.map((l) => ({ value: l.la, text: `${l.name} (${l.la})`, selected: l.la === i.la })),
          },
        }
      : {}),
    noCasesText: NO_CASES,
    pages: PAGES.filter((p) => mayOpen(i.role, p.key)).map((p) => ({
      // The LA is kept on the dashboards (the queues are every LA's).
      href: p.path.startsWith(DASHBOARD) ? withQuery(p.path, { la: i.la }) : p.path,
      title: p.title,
      text: p.text,
    })),
  };
}

/** What a page shows before any LA has cases (the chrome comes from res.locals). */
export function noCasesPage(): string {
  return renderView('no-cases', { pageTitle: 'No cases yet', text: NO_CASES });
}
