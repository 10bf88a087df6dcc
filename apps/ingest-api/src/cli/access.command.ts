import { NestFactory } from '@nestjs/core';
import type { Command } from 'commander';
import { USER_ROLES, type UserRole } from '@app/access';
import { loadConfigOrExit } from '@app/config';
import type { AuditEntry } from '../audit/audit-entry';
import { AuditService } from '../audit/audit.service';
import { cliActor } from '../audit/cli-actor';
import { AccountsService } from '../auth/accounts.service';
import { ApiKeysService, KEY_MAX_DAYS } from '../auth/api-keys.service';
import { CliModule } from './cli.module';

/** Runs `work` with the CLI's Nest context (owner role: the CLI is trusted like migrate). */
async function withApp<T>(work: (get: <S>(cls: new (...a: never[]) => S) => S) => Promise<T>): Promise<T> {
  loadConfigOrExit();
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  try {
    return await work((cls) => app.get(cls));
  } finally {
    await app.close();
  }
}

/** Records a command-line change in the audit trail, like the API's writes. */
export function auditCli(get: <S>(cls: new (...a: never[]) => S) => S, entry: Omit<AuditEntry, 'system'>): Promise<void> {
  return get(AuditService).record({ ...entry, system: cliActor() });
}

/** Errors a user can fix are one line on stderr and exit code 1, not a stack trace. */
async function friendly(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (e) {
    if (
      (e as Error).name === 'AccountInvalidError' ||
      (e as Error).name === 'KeyInvalidError' ||
      (e as { code?: string }).code === '23505'
    ) {
      console.error(`refused: ${(e as { code?: string }).code === '23505' ? 'that user already exists' : (e as Error).message}`);
      process.exitCode = 1;
      return;
    }
    throw e;
  }
}

/** `user add|disable` and `key create|revoke|list`: accounts and API keys from the shell. */
export function registerAccessCommands(program: Command): void {
  const user = program.command('user').description('user accounts (roles: ' + USER_ROLES.join(', ') + ')');
  user
    .command('add')
    .requiredOption('--email <email>', 'sign-in name')
    .requiredOption('--role <role>', USER_ROLES.join(' | '))
    .option('--la <codes...>', 'LA code(s): one for caseworkers, managers and leaders; several for commissioners; none for admins', [])
    .option('--staff-ref <ref>', 'the staff reference this user is (their own cases and alerts)')
    .option('--password-env <name>', 'read the password from this environment variable (else one is generated and shown once)')
    .option('--sso-only', 'no password: the person signs in with single sign-on, matched by this email on the first sign-in')
    .description('add a user; prints the password once')
    .action((o: { email: string; role: UserRole; la: string[]; staffRef?: string; passwordEnv?: string; ssoOnly?: boolean }) =>
      friendly(() =>
        withApp(async (get) => {
          if (o.ssoOnly && o.passwordEnv) {
            throw Object.assign(new Error('--sso-only and --password-env cannot go together'), { name: 'AccountInvalidError' });
          }
          const password = o.ssoOnly ? null : o.passwordEnv ? process.env[o.passwordEnv] : undefined;
          if (o.passwordEnv && !password) throw Object.assign(new Error(`${o.passwordEnv} is not set`), { name: 'AccountInvalidError' });
          const r = await get(AccountsService).addUser({ email: o.email, role: o.role, las: o.la, staffRef: o.staffRef, password });
          await auditCli(get, {
            action: 'user.add',
            la: r.user.la_codes.length === 1 ? r.user.la_codes[0] : null,
            detail: { user: r.user.email, role: r.user.role, ssoOnly: r.password === null },
          });
          console.log(`user ${r.user.email} (${r.user.role}${r.user.la_codes.length ? ', LA ' + r.user.la_codes.join(' ') : ''}) added`);
          if (r.password === null) console.log('no password: signs in with single sign-on only');
          else if (!password) console.log(`password (shown once): ${r.password}`);
        }),
      ),
    );
  user
    .command('password')
    .requiredOption('--email <email>')
    .option('--password-env <name>', 'read the new password from this environment variable (else one is generated and shown once)')
    .description("set a user's password and end their sessions")
    .action((o: { email: string; passwordEnv?: string }) =>
      friendly(() =>
        withApp(async (get) => {
          const given = o.passwordEnv ? process.env[o.passwordEnv] : undefined;
          if (o.passwordEnv && !given) throw Object.assign(new Error(`${o.passwordEnv} is not set`), { name: 'AccountInvalidError' });
          const password = await get(AccountsService).resetPassword(o.email, given);
          if (!password) {
            console.log(`no user ${o.email}`);
            process.exitCode = 1;
            return;
          }
          await auditCli(get, { action: 'user.password', detail: { user: o.email.trim().toLowerCase() } });
          console.log(`password of ${o.email} changed; their sessions ended`);
          if (!given) console.log(`password (shown once): ${password}`);
        }),
      ),
    );
  user
    .command('disable')
    .requiredOption('--email <email>')
    .description('disable a user and end their sessions')
    .action((o: { email: string }) =>
      withApp(async (get) => {
        const done = await get(AccountsService).disable(o.email);
        if (done) await auditCli(get, { action: 'user.disable', detail: { user: o.email.trim().toLowerCase() } });
        console.log(done ? `user ${o.email} disabled` : `no active user ${o.email}`);
        if (!done) process.exitCode = 1;
      }),
    );

  const key = program.command('key').description('API keys for systems that send events (one LA each)');
  key
    .command('create')
    .requiredOption('--la <code>', 'the one LA this key may write')
    .requiredOption('--name <name>', 'what uses it (e.g. "case management feed")')
    .option('--expires-days <n>', `expire after this many days (1 to ${KEY_MAX_DAYS}; leave out for no expiry)`, (v) => Number(v))
    .description('create a key; prints it once (only its hash is stored)')
    .action((o: { la: string; name: string; expiresDays?: number }) =>
      friendly(() =>
        withApp(async (get) => {
          const { key: secret, row } = await get(ApiKeysService).create(o.la, o.name, o.expiresDays);
          await auditCli(get, { action: 'key.create', la: row.la_code, detail: { keyId: Number(row.key_id), name: row.name } });
          console.log(
            `key ${row.key_id} for LA ${row.la_code} (${row.name})${row.expires_at ? `, expires ${row.expires_at.toISOString()}` : ''}`,
          );
          console.log(`key (shown once): ${secret}`);
        }),
      ),
    );
  key
    .command('revoke')
    .argument('<keyId>', 'the key number (see key list)')
    .description('revoke a key: it stops working at once')
    .action((keyId: string) =>
      friendly(() =>
        withApp(async (get) => {
          const row = await get(ApiKeysService).revoke(keyId);
          if (row) await auditCli(get, { action: 'key.revoke', la: row.la_code, detail: { keyId: Number(row.key_id) } });
          console.log(row ? `key ${row.key_id} (${row.key_prefix}..., LA ${row.la_code}) revoked` : `no key ${keyId}`);
          if (!row) process.exitCode = 1;
        }),
      ),
    );
  key
    .command('list')
    .option('--la <code>')
    .description('list keys (prefixes only)')
    .action((o: { la?: string }) =>
      withApp(async (get) => {
        for (const k of await get(ApiKeysService).list(o.la)) {
          const state = k.revoked_at ? 'revoked' : k.expires_at && k.expires_at < new Date() ? 'expired' : 'live';
          console.log(`${k.key_id}\t${k.la_code}\t${k.key_prefix}...\t${state}\t${k.name}`);
        }
      }),
    );
}
