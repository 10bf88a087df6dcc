// Who receives what. Staff are pseudonymous references with a work mailbox; no names.
import { createHash } from 'node:crypto';
import { PATHWAYS, type AdviceService, type Pathway } from '@app/rules';

export type StaffRole = 'caseworker' | 'team_manager' | 'leader' | 'service';

export interface StaffMember {
  la: string;
  staffRef: string;
  role: StaffRole;
  team: string;
  service: AdviceService | null;
  email: string;
}

/** The team that holds a pathway's cases. */
export function teamOf(pathway: Pathway): string {
  switch (pathway) {
    case 'ehc_assessment':
      return 'assessment';
    case 'annual_review':
      return 'reviews';
    case 'slt':
      return 'slt';
    case 'neurodevelopmental':
      return 'nd';
    // Held by schools: no LA caseworker, so no alerts (libs/rules alertsFor); leaders see it in aggregate.
    case 'sen_support':
      return 'schools';
    // The LA's inclusion (AP) caseworkers hold placements and get their review alerts.
    case 'alternative_provision':
      return 'inclusion';
  }
}

/** The pathways a team holds (teamOf the other way): a team's list is read by its steps' pathway. */
export const pathwaysOfTeam = (team: string): Pathway[] => PATHWAYS.filter((p) => teamOf(p) === team);

/** FNV-1a: a stable spread of cases over caseworkers, the same in every process. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** One LA's staff, indexed for the questions the alerting asks. */
export class StaffDirectory {
  private readonly byTeam = new Map<string, StaffMember[]>();
  private readonly byRef = new Map<string, StaffMember>();

  constructor(readonly members: StaffMember[]) {
    const sorted = [...members].sort((a, b) => (a.staffRef < b.staffRef ? -1 : 1));
    for (const m of sorted) {
      this.byRef.set(m.staffRef, m);
      const key = `${m.role}|${m.role === 'service' ? m.service : m.team}`;
      const list = this.byTeam.get(key);
      if (list) list.push(m);
      else this.byTeam.set(key, [m]);
    }
  }

  /**
   * What assignment depends on (who holds which role, team or service), as a hash: the nightly
   * pass re-evaluates an LA in full when it differs from the last pass's. Addresses do not count.
   */
  version(): string {
    const keys = this.members.map((m) => [m.staffRef, m.role, m.team, m.service ?? ''].join('|')).sort();
    return createHash('sha256').update(keys.join('\n')).digest('base64url');
  }

  get(staffRef: string): StaffMember | undefined {
    return this.byRef.get(staffRef);
  }

  /** The caseworker who holds a case: a stable choice among the team's caseworkers. */
  caseworkerFor(pathway: Pathway, caseRef: string): StaffMember | null {
    return this.pick(`caseworker|${teamOf(pathway)}`, caseRef);
  }

  /** The contact of the service that owes advice (an SLT lead, the EP service...). */
  serviceContact(service: AdviceService, caseRef: string): StaffMember | null {
    return this.pick(`service|${service}`, caseRef);
  }

  teamManagerFor(team: string, caseRef: string): StaffMember | null {
    return this.pick(`team_manager|${team}`, caseRef);
  }

  leaders(): StaffMember[] {
    return this.members.filter((m) => m.role === 'leader');
  }

  private pick(key: string, caseRef: string): StaffMember | null {
    const list = this.byTeam.get(key);
    return list?.length ? list[hash(caseRef) % list.length] : null;
  }
}
