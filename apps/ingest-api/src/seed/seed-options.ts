import { todayInLondon } from '@app/rules';
import { laProfiles } from './la-profile';
import type { SeedOptions } from './generate-events';

/** The demo's first LA: Hartlepool, whose published year the demo resembles. */
export const DEMO_LA = '805';

export interface SeedCliOptions {
  las?: number;
  la?: string[];
  cases?: number;
  seed?: number;
  asOf?: string;
}

/** `--las N` is Hartlepool then the next N-1 LAs by code; `--la` names them instead. */
export function seedOptionsFromCli(cli: SeedCliOptions, now = new Date()): SeedOptions {
  const known = [...laProfiles().keys()].sort();
  let las: string[];
  if (cli.la?.length) {
    const unknown = cli.la.filter((la) => !known.includes(la));
    if (unknown.length) throw new Error(`unknown LA code(s): ${unknown.join(', ')}`);
    las = cli.la;
  } else {
    const n = Math.min(Math.max(cli.las ?? 1, 1), known.length);
    las = [DEMO_LA, ...known.filter((la) => la !== DEMO_LA)].slice(0, n);
  }
  return { las, cases: cli.cases, seed: cli.seed ?? 1, asOf: cli.asOf ?? todayInLondon(now) };
}
