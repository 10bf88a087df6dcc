// The casebook: worked cases, each a timeline and what the rules must say about it.
import { ALTERNATIVE_PROVISION_CASES } from './alternative-provision.cases';
import { ANNUAL_REVIEW_CASES } from './annual-review.cases';
import { EHC_ASSESSMENT_CASES } from './ehc-assessment.cases';
import { EHC_EXCEPTION_CASES } from './ehc-exceptions.cases';
import { REASSESSMENT_CASES } from './reassessment.cases';
import { RETRACTION_CASES } from './retractions.cases';
import { SEN_SUPPORT_CASES } from './sen-support.cases';
import { WAIT_CASES } from './waits.cases';
import type { WorkedCase } from './worked-case';

export const CASEBOOK: readonly WorkedCase[] = [
  ...EHC_ASSESSMENT_CASES,
  ...EHC_EXCEPTION_CASES,
  ...RETRACTION_CASES,
  ...REASSESSMENT_CASES,
  ...ANNUAL_REVIEW_CASES,
  ...WAIT_CASES,
  ...SEN_SUPPORT_CASES,
  ...ALTERNATIVE_PROVISION_CASES,
];
export * from './worked-case';
