import type { Principal } from '@app/access';
import type { StaffDirectory } from '@app/compliance';

/** Whom an acknowledgement or resolution is recorded as, or why it is refused. */
export type Acting = { as: string } | { refused: string };

/** The person signed in, as alerts record them: their staff reference, else their account. */
export function ownReference(p: Principal): string {
  return p.staffRef ?? p.label;
}

/** Whether `named` is someone other than the person signed in (only then is the staff directory asked). */
export function namesSomeoneElse(p: Principal, named: string | undefined): named is string {
  return named !== undefined && named !== ownReference(p);
}

/**
 * Who acts on an alert. Everyone acts as themselves (naming nobody, or their own reference), so
 * the record of who acknowledged an escalating alert cannot be forged. A team manager may also name
 * a member of their own team, as the LA's staff directory has it (acknowledging for someone away);
 * the manager must be listed there as that team's manager. API keys never act on alerts.
 */
export function actingAs(p: Principal, named: string | undefined, staff?: StaffDirectory): Acting {
  if (p.kind !== 'user') return { refused: 'an API key cannot act on alerts' };
  if (!namesSomeoneElse(p, named)) return { as: ownReference(p) };
  const manager = p.role === 'team_manager' && p.staffRef ? staff?.get(p.staffRef) : undefined;
  const member = staff?.get(named);
  if (manager?.role === 'team_manager' && member && member.team === manager.team) return { as: named };
  return p.role === 'team_manager'
    ? { refused: 'you may act on alerts only as yourself or a member of your team' }
    : { refused: 'you may act on alerts only as yourself' };
}
