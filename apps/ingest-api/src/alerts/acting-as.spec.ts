import type { Principal } from '@app/access';
import { StaffDirectory, syntheticStaff } from '@app/compliance';
import { actingAs, namesSomeoneElse } from './acting-as';

const staff = new StaffDirectory(syntheticStaff('805'));
const person = (role: Principal['role'], staffRef?: string | null): Principal => ({
  kind: 'user',
  id: '1',
  label: `${role}@la805.example`,
  role,
  las: ['805'],
  staffRef,
});

describe('actingAs', () => {
  it('records everyone as themselves when they name nobody or themselves', () => {
    expect(actingAs(person('caseworker', 'CW-805-SLT-1'), undefined)).toEqual({ as: 'CW-805-SLT-1' });
    expect(actingAs(person('caseworker', 'CW-805-SLT-1'), 'CW-805-SLT-1')).toEqual({ as: 'CW-805-SLT-1' });
    // Without a staff reference, their account.
    expect(actingAs(person('admin', null), undefined)).toEqual({ as: 'admin@la805.example' });
  });

  it('refuses a caseworker, a leader or an administrator naming anyone else', () => {
    expect(actingAs(person('caseworker', 'CW-805-SLT-1'), 'CW-805-SLT-2', staff)).toEqual({
      refused: 'you may act on alerts only as yourself',
    });
    expect(actingAs(person('caseworker', null), 'CW-805-SLT-2', staff)).toHaveProperty('refused');
    expect(actingAs(person('admin'), 'CW-805-SLT-2', staff)).toHaveProperty('refused');
    expect(actingAs(person('leader', 'LEAD-805-SEND'), 'CW-805-SLT-2', staff)).toHaveProperty('refused');
  });

  it('lets a team manager name a member of their own team only', () => {
    const tm = person('team_manager', 'TM-805-SLT');
    expect(actingAs(tm, 'CW-805-SLT-3', staff)).toEqual({ as: 'CW-805-SLT-3' });
    expect(actingAs(tm, 'CW-805-ND-1', staff)).toEqual({ refused: 'you may act on alerts only as yourself or a member of your team' });
    expect(actingAs(tm, 'SVC-805-SLT', staff)).toHaveProperty('refused');
    expect(actingAs(tm, 'CW-805-SLT-99', staff)).toHaveProperty('refused');
    expect(actingAs(tm, 'CW-805-SLT-3')).toHaveProperty('refused'); // no directory, no team
    // Listed as a caseworker, or not at all: no team to name from.
    expect(actingAs(person('team_manager', 'CW-805-SLT-1'), 'CW-805-SLT-2', staff)).toHaveProperty('refused');
    expect(actingAs(person('team_manager', null), 'CW-805-SLT-2', staff)).toHaveProperty('refused');
  });

  it('never lets an API key act', () => {
    const key: Principal = { kind: 'key', id: '3', label: 'feed', role: 'ingest', las: ['805'] };
    expect(actingAs(key, undefined)).toEqual({ refused: 'an API key cannot act on alerts' });
  });

  it('asks the directory only when someone else is named', () => {
    expect(namesSomeoneElse(person('team_manager', 'TM-805-SLT'), undefined)).toBe(false);
    expect(namesSomeoneElse(person('team_manager', 'TM-805-SLT'), 'TM-805-SLT')).toBe(false);
    expect(namesSomeoneElse(person('team_manager', 'TM-805-SLT'), 'CW-805-SLT-1')).toBe(true);
  });
});
