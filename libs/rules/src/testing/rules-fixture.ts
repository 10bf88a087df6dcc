// Test-only: the real rules table from config/rules.json (tests may read files; the library may not).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRulesTable, type RulesTable } from '../table';

export const RULES_JSON_PATH = join(__dirname, '..', '..', '..', '..', 'config', 'rules.json');

/** config/rules.json as parsed: sections of settings, each an object with its value and source, for specs to edit. */
export type RulesJson = Record<string, Record<string, Record<string, unknown>>>;

export function readRulesJson(): RulesJson {
  return JSON.parse(readFileSync(RULES_JSON_PATH, 'utf8'));
}

export const RULES: RulesTable = parseRulesTable(readRulesJson());
