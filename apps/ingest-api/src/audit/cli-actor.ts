import { userInfo } from 'node:os';

/** Who acts from the shell, for the audit trail and the import records: "cli (user)". */
export function cliActor(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (a container): still recorded as the CLI
  }
  return `cli (${user})`;
}
