import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RulesTable, parseRulesTable } from '@app/rules';
import { CONFIG_DIR, ConfigError } from './load-config';

/** Injection token of the validated rules table (config/rules.json). */
export const RULES_TABLE = Symbol('RULES_TABLE');

/** Reads and validates the rules table; a bad setting stops the process naming it. */
export function loadRulesTable(file = join(CONFIG_DIR, 'rules.json')): RulesTable {
  try {
    return parseRulesTable(JSON.parse(readFileSync(file, 'utf8')));
  } catch (e) {
    throw new ConfigError([`${file}: ${(e as Error).message}`]);
  }
}
