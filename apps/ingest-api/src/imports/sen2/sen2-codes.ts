// The SEN2 code lists this import reads, as the DfE's "Special educational needs person level
// survey: guide" and technical specification give them (see ../../../../../docs/imports.md). The
// DfE revises the lists most years: check them against the year's guide before each January's
// import, and change them here (with the guide's year) rather than in the mapping.
import type { AssessOutcome, IssueOutcome, NeedCode } from '@app/rules';

/** RequestOutcome: the decision whether to assess (reg 4-5). */
export const REQUEST_OUTCOMES: Readonly<Record<string, { assess?: AssessOutcome; withdrawn?: true; pending?: true; words: string }>> = {
  A: { assess: 'assess', words: 'decided to assess' },
  B: { assess: 'refuse', words: 'decided not to assess' },
  C: { withdrawn: true, words: 'request withdrawn or ceased before the decision' },
  H: { pending: true, words: 'decision not yet made' },
};

/** AssessmentOutcome: the decision whether to issue a plan (reg 10). */
export const ASSESSMENT_OUTCOMES: Readonly<Record<string, { issue?: IssueOutcome; withdrawn?: true; pending?: true; words: string }>> = {
  A: { issue: 'issue', words: 'decided to issue a plan' },
  B: { issue: 'not_issue', words: 'decided not to issue a plan' },
  C: { withdrawn: true, words: 'assessment withdrawn or ceased before the decision' },
  H: { pending: true, words: 'decision not yet made' },
};

/** SENtype: the same codes as the contract's need codes (NSA comes from the school census, not SEN2). */
export const SEN2_NEED_TYPES: readonly NeedCode[] = [
  'SPLD',
  'MLD',
  'SLD',
  'PMLD',
  'SEMH',
  'SLCN',
  'HI',
  'VI',
  'MSI',
  'PD',
  'ASD',
  'DS',
  'OTH',
];

/** Week20 (and other flags): 1/true or 0/false. */
export function flag(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase();
  return v === '1' || v === 'true' || v === 'y' ? true : v === '0' || v === 'false' || v === 'n' ? false : undefined;
}

/** ReviewOutcome: the LA's decision after the last review (reg 20(10)). */
export const REVIEW_OUTCOMES: Readonly<Record<string, { outcome: 'maintain' | 'amend' | 'cease'; words: string }>> = {
  '1': { outcome: 'maintain', words: 'keep the plan as it is' },
  '2': { outcome: 'amend', words: 'amend the plan' },
  '3': { outcome: 'cease', words: 'cease the plan' },
};
