import { syntheticStaff } from '@app/compliance';
import type { UserRole } from '@app/access';
import type { AccountsService } from '../auth/accounts.service';
import type { ApiKeysService } from '../auth/api-keys.service';

const DEMO_KEY_NAME = 'demo case management feed';

export interface DemoUser {
  email: string;
  role: UserRole;
  las: string[];
  staffRef: string | null;
  password: string;
}

/**
 * One synthetic user per role for the demo LA (the first seeded), linked to its synthetic staff
 * references, and an ingest key for that LA. Seeding again gives them new passwords and a new key.
 */
export async function seedDemoUsers(
  accounts: AccountsService,
  keys: ApiKeysService,
  las: string[],
): Promise<{ users: DemoUser[]; key: string; la: string }> {
  const la = las[0];
  const staff = syntheticStaff(la);
  const ref = (role: string) => staff.find((s) => s.role === role)?.staffRef ?? null;
  const wanted: Omit<DemoUser, 'password'>[] = [
    { email: `caseworker.${la}@demo.example.test`, role: 'caseworker', las: [la], staffRef: ref('caseworker') },
    { email: `team-manager.${la}@demo.example.test`, role: 'team_manager', las: [la], staffRef: ref('team_manager') },
    { email: `leader.${la}@demo.example.test`, role: 'leader', las: [la], staffRef: ref('leader') },
    { email: 'commissioner@demo.example.test', role: 'commissioner', las, staffRef: null },
    { email: 'admin@demo.example.test', role: 'admin', las: [], staffRef: null },
  ];
  const users: DemoUser[] = [];
  for (const w of wanted) {
    const { password } = await accounts.addUser(w, true);
    users.push({ ...w, password });
  }
  // One live demo key: the previous seed's is revoked.
  for (const old of await keys.list(la)) if (old.name === DEMO_KEY_NAME && !old.revoked_at) await keys.revoke(old.key_id);
  const { key } = await keys.create(la, DEMO_KEY_NAME);
  return { users, key, la };
}

export function printDemoUsers(r: { users: DemoUser[]; key: string; la: string }): void {
  console.log(`synthetic demo users (sign in at /sign-in; passwords change on every seed):`);
  for (const u of r.users) {
    const scope = u.role === 'admin' ? 'every LA' : `LA ${u.las.join(' ')}`;
    console.log(`  ${u.role.padEnd(13)} ${u.email.padEnd(38)} ${u.password}  (${scope}${u.staffRef ? `, staff ${u.staffRef}` : ''})`);
  }
  console.log(`  ingest API key for LA ${r.la} (Authorization: Bearer ...): ${r.key}`);
}
