import { IsBoolean, IsIn, IsOptional, ValidateIf, type ValidationArguments } from 'class-validator';
import { ADVICE_SERVICES, ASSESS_OUTCOMES, EXCEPTION_REASONS, ISSUE_OUTCOMES, NEED_CODES } from '@app/rules';
import { EventEnvelopeDto } from './event-envelope.dto';
import { IsCalendarDate } from '../../common/validators';

const oneOf = (field: string, values: readonly string[]) => ({ message: `${field} must be one of ${values.join(', ')}` });

export class RequestReceivedDto extends EventEnvelopeDto {
  @IsOptional()
  @IsIn(NEED_CODES, oneOf('needCode', NEED_CODES))
  needCode?: string;

  @IsOptional()
  @IsCalendarDate()
  birthDate?: string;

  /** A request to reassess an existing plan: shorter limits (reg 27). */
  @IsOptional()
  @IsBoolean({ message: 'reassessment must be true or false' })
  reassessment?: boolean;
}

export class DecisionToAssessDto extends EventEnvelopeDto {
  @IsIn(ASSESS_OUTCOMES, oneOf('outcome', ASSESS_OUTCOMES))
  outcome: string;
}

export class AdviceDto extends EventEnvelopeDto {
  @IsIn(ADVICE_SERVICES, oneOf('service', ADVICE_SERVICES))
  service: string;
}

export class ExceptionDto extends EventEnvelopeDto {
  @IsIn(EXCEPTION_REASONS, oneOf('reason', EXCEPTION_REASONS))
  reason: string;

  @IsOptional()
  @IsCalendarDate()
  until?: string;

  /**
   * The advice the exception covers. Required on a missed appointment: reg 8(2)(c) lifts only the
   * advice of the service whose appointment it was; optional on the others.
   */
  @ValidateIf((o: ExceptionDto) => o.reason === 'missed_appointment' || o.service !== undefined)
  @IsIn(ADVICE_SERVICES, {
    message: (a: ValidationArguments) =>
      a.value === undefined || a.value === null
        ? `service is required on a missed_appointment exception (whose appointment was missed): one of ${ADVICE_SERVICES.join(', ')}`
        : `service must be one of ${ADVICE_SERVICES.join(', ')}`,
  })
  service?: string;
}

/** reg 13(1)(a): the parent or young person agreed to the plan being finalised within the 15 days. */
export class FinalPlanIssuedDto extends EventEnvelopeDto {
  @IsOptional()
  @IsBoolean({ message: 'parentAgreedSooner must be true or false' })
  parentAgreedSooner?: boolean;

  /** The LA reports an exception to the 20-week limit without its reason or dates (an SEN2 return's Week20). */
  @IsOptional()
  @IsBoolean({ message: 'exceptionReported must be true or false' })
  exceptionReported?: boolean;
}

export class DecisionToIssueDto extends EventEnvelopeDto {
  @IsIn(ISSUE_OUTCOMES, oneOf('outcome', ISSUE_OUTCOMES))
  outcome: string;
}
