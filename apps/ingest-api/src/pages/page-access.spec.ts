import 'reflect-metadata';
import { ROLES } from '../auth/roles.decorator';
import { CasePageController } from './case-page.controller';
import { CaseworkerController } from './caseworker.controller';
import { CommissionerController } from './commissioner.controller';
import { DashboardController } from './dashboard.controller';
import { EhcTimelinessController } from './ehc-timeliness.controller';
import { ImportsPageController } from './imports-page.controller';
import { LeaderController } from './leader.controller';
import { PAGE_ROLES, type PageKey, homeFor, navigationFor, pageOfPath } from './page-access';

/** The roles the guard reads for a page's GET handler (method first, then class, as the guard does). */
function guardRoles(controller: { prototype: object }, method: string): unknown {
  const handler = (controller.prototype as Record<string, unknown>)[method] as object;
  return Reflect.getMetadata(ROLES, handler) ?? Reflect.getMetadata(ROLES, controller);
}

describe('who may open which page', () => {
  it('is one list: each page controller’s @Roles is its entry in PAGE_ROLES', () => {
    const pages: [PageKey, { prototype: object }, string][] = [
      ['index', DashboardController, 'index'],
      ['caseworker', CaseworkerController, 'page'],
      ['case', CasePageController, 'page'],
      ['commissioner', CommissionerController, 'page'],
      ['leader', LeaderController, 'page'],
      ['ehc', EhcTimelinessController, 'page'],
      ['imports', ImportsPageController, 'page'],
    ];
    for (const [key, controller, method] of pages) expect([key, guardRoles(controller, method)]).toEqual([key, [...PAGE_ROLES[key]]]);
  });

  it('offers each role only the pages it may open, keeping the LA and marking the page shown', () => {
    const texts = (role: Parameters<typeof navigationFor>[0]) => navigationFor(role, {}).map((n) => n.text);
    expect(texts('caseworker')).toEqual(['Dashboards', 'My cases', 'EHC timeliness']);
    expect(texts('commissioner')).toEqual(['Dashboards', 'Waiting lists', 'Weekly summary', 'EHC timeliness']);
    expect(texts('leader')).toEqual(['Dashboards', 'My cases', 'Waiting lists', 'Weekly summary', 'EHC timeliness']);
    expect(texts('team_manager')).toEqual([...texts('leader'), 'Import data']);
    expect(texts('admin')).toEqual([...texts('team_manager'), 'Queues']);
    expect(texts('ingest')).toEqual([]);
    expect(texts(undefined)).toEqual([]);
    const nav = navigationFor('leader', { page: 'case', la: '805' });
    expect(nav.find((n) => n.text === 'My cases')).toEqual({ text: 'My cases', href: '/dashboard/caseworker?la=805', active: true });
    expect(nav.filter((n) => n.current)).toEqual([]);
    expect(
      navigationFor('leader', { page: 'leader' })
        .filter((n) => n.current)
        .map((n) => n.text),
    ).toEqual(['Weekly summary']);
  });

  it('knows the page of an address', () => {
    expect(pageOfPath('/dashboard')).toBe('index');
    expect(pageOfPath('/dashboard/caseworker')).toBe('caseworker');
    expect(pageOfPath('/dashboard/cases/805/EHC-1')).toBe('case');
    expect(pageOfPath('/dashboard/ehc-timeliness')).toBe('ehc');
    expect(pageOfPath('/dashboard/nowhere')).toBeUndefined();
    expect(pageOfPath('/v1/cases')).toBeUndefined();
  });

  it('sends each role to its home', () => {
    expect(homeFor({ role: 'caseworker' })).toBe('/dashboard/caseworker');
    expect(homeFor({ role: 'team_manager' }, 'slt')).toBe('/dashboard/caseworker?team=slt');
    expect(homeFor({ role: 'team_manager' })).toBe('/dashboard/caseworker');
    expect(homeFor({ role: 'commissioner' })).toBe('/dashboard/commissioner');
    expect(homeFor({ role: 'leader' })).toBe('/dashboard/leader');
    expect(homeFor({ role: 'admin' })).toBe('/dashboard');
  });
});
