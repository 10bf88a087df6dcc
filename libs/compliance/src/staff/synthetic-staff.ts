// A synthetic staff list for one LA (demo and tests): references and role mailboxes, no names.
import { ADVICE_SERVICES } from '@app/rules';
import type { StaffMember } from './staff-directory';

const TEAMS = ['assessment', 'reviews', 'slt', 'nd', 'inclusion'] as const;

export function syntheticStaff(la: string, caseworkersPerTeam = 3, domain = 'example.test'): StaffMember[] {
  const out: StaffMember[] = [];
  const mailbox = (ref: string) => `${ref.toLowerCase()}@la${la}.${domain}`;
  for (const team of TEAMS) {
    for (let i = 1; i <= caseworkersPerTeam; i++) {
      const staffRef = `CW-${la}-${team.toUpperCase()}-${i}`;
      out.push({ la, staffRef, role: 'caseworker', team, service: null, email: mailbox(staffRef) });
    }
    const manager = `TM-${la}-${team.toUpperCase()}`;
    out.push({ la, staffRef: manager, role: 'team_manager', team, service: null, email: mailbox(manager) });
  }
  for (const service of ADVICE_SERVICES) {
    const staffRef = `SVC-${la}-${service.toUpperCase()}`;
    out.push({ la, staffRef, role: 'service', team: 'advice', service, email: mailbox(staffRef) });
  }
  const leader = `LEAD-${la}-SEND`;
  out.push({ la, staffRef: leader, role: 'leader', team: 'leadership', service: null, email: mailbox(leader) });
  return out;
}
