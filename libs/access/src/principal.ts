/** Who may be signed in: people by role, and the systems that feed events (API keys). */
export const USER_ROLES = ['caseworker', 'team_manager', 'commissioner', 'leader', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** An API key's only role: it writes events for its one LA. */
export type Role = UserRole | 'ingest';

/** Every LA ('*', administrators only) or a list of three-digit LA codes. */
export type LaScope = '*' | readonly string[];

/** The authenticated caller of a request. */
export interface Principal {
  kind: 'user' | 'key';
  /** users.user_id or api_keys.key_id, as text. */
  id: string;
  /** For the audit trail: the user's email or the key's name. */
  label: string;
  role: Role;
  las: LaScope;
  /** The staff reference a user is linked to (a caseworker's own cases and alerts). */
  staffRef?: string | null;
}

export const LA_CODE = /^\d{3}$/;

/** Whether the principal may see or write LA `la`. */
export function canAccessLa(p: Pick<Principal, 'las'>, la: string): boolean {
  return p.las === '*' || p.las.includes(la);
}

/** Administrators hold every LA; a caseworker, manager or leader one; a commissioner several. */
export function scopeForRole(role: Role, las: readonly string[]): LaScope {
  return role === 'admin' ? '*' : las;
}
