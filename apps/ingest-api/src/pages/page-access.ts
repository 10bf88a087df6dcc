// Who may open which page, in one place: the page controllers' @Roles read PAGE_ROLES, and so do
// the navigation, the dashboards' index and each role's home, so a link is offered only to people
// the guard will let through. (Administrators pass every @Roles, so they see every page.)
import type { Principal, Role } from '@app/access';
import { ANY_USER } from '../auth/roles.decorator';

export const DASHBOARD = '/dashboard';

export type PageKey =
  'index' | 'caseworker' | 'case' | 'commissioner' | 'leader' | 'ehc' | 'imports' | 'queues' | 'senSupport' | 'alternativeProvision';

export const PAGE_ROLES = {
  index: ANY_USER,
  caseworker: ['caseworker', 'team_manager', 'leader'],
  case: ['caseworker', 'team_manager', 'leader'],
  commissioner: ['commissioner', 'leader', 'team_manager'],
  leader: ['leader', 'team_manager', 'commissioner'],
  ehc: ANY_USER,
  imports: ['team_manager'],
  // Administrators only (the guard's default for a controller without @Roles).
  queues: [],
  // Issue 15: reached from the dashboards' index and the weekly summary (not in the navigation bar).
  senSupport: ['leader', 'team_manager', 'commissioner'],
  alternativeProvision: ['leader', 'team_manager', 'commissioner'],
} as const satisfies Record<PageKey, readonly Role[]>;

/** The pages in the service navigation, in order (the case page sits under "My cases"). */
export const NAV_PAGES: readonly { key: Exclude<PageKey, 'case'>; label: string; path: string }[] = [
  { key: 'index', label: 'Dashboards', path: DASHBOARD },
  { key: 'caseworker', label: 'My cases', path: `${DASHBOARD}/caseworker` },
  { key: 'commissioner', label: 'Waiting lists', path: `${DASHBOARD}/commissioner` },
  { key: 'leader', label: 'Weekly summary', path: `${DASHBOARD}/leader` },
  { key: 'ehc', label: 'EHC timeliness', path: `${DASHBOARD}/ehc-timeliness` },
  { key: 'imports', label: 'Import data', path: `${DASHBOARD}/imports` },
  { key: 'queues', label: 'Queues', path: '/admin/queues' },
];

/** Plural names of the roles, for sentences such as "This page is for leaders and commissioners." */
const ROLE_PLURALS: Record<Role, string> = {
  caseworker: 'caseworkers',
  team_manager: 'team managers',
  commissioner: 'commissioners',
  leader: 'leaders',
  admin: 'administrators',
  ingest: 'case management systems',
};

const ROLE_NAMES: Record<Role, string> = {
  caseworker: 'a caseworker',
  team_manager: 'a team manager',
  commissioner: 'a commissioner',
  leader: 'a leader',
  admin: 'an administrator',
  ingest: 'a case management system',
};

export const roleName = (role: Role): string => ROLE_NAMES[role];

/** "caseworkers, team managers and leaders" */
export function rolesInWords(roles: readonly Role[]): string {
  const words = roles.map((r) => ROLE_PLURALS[r]);
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}` : (words[0] ?? '');
}

export function mayOpen(role: Role | undefined, page: PageKey): boolean {
  if (!role) return false;
  return role === 'admin' || (PAGE_ROLES[page] as readonly Role[]).includes(role);
}

/** The page a path belongs to, if it is one of the dashboards. */
export function pageOfPath(path: string): PageKey | undefined {
  if (path === DASHBOARD || path === `${DASHBOARD}/`) return 'index';
  if (path.startsWith(`${DASHBOARD}/cases/`)) return 'case';
  return NAV_PAGES.find((n) => n.key !== 'index' && (path === n.path || path.startsWith(`${n.path}/`)))?.key;
}

export function withQuery(path: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, v);
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** An item of govukServiceNavigation. */
export interface NavItem {
  text: string;
  href: string;
  /** This very page (aria-current="page"). */
  current?: boolean;
  /** A page inside this section, such as a case under "My cases" (aria-current="true"). */
  active?: boolean;
}

/** The service navigation for a role: only the pages it may open, each keeping the LA shown. */
export function navigationFor(role: Role | undefined, at: { page?: PageKey; la?: string }): NavItem[] {
  return NAV_PAGES.filter((n) => mayOpen(role, n.key)).map((n) => ({
    text: n.label,
    // The LA is kept on the dashboards (the queues are every LA's).
    href: n.path.startsWith(DASHBOARD) ? withQuery(n.path, { la: at.la }) : n.path,
    ...(n.key === at.page ? { current: true } : {}),
    ...(at.page === 'case' && n.key === 'caseworker' ? { active: true } : {}),
  }));
}

/**
 * Where a signed-in person starts: a caseworker's own cases, a team manager's team's cases (when
 * their staff reference names a team), the commissioner's waiting lists, the leader's weekly
 * summary, the administrator's index of dashboards.
 */
export function homeFor(p: Pick<Principal, 'role'>, team?: string): string {
  switch (p.role) {
    case 'caseworker':
      return `${DASHBOARD}/caseworker`;
    case 'team_manager':
      return withQuery(`${DASHBOARD}/caseworker`, { team });
    case 'commissioner':
      return `${DASHBOARD}/commissioner`;
    case 'leader':
      return `${DASHBOARD}/leader`;
    case 'admin':
      return DASHBOARD;
    case 'ingest':
      return '/docs';
  }
}
