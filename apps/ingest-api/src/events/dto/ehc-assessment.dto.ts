import { IsBoolean, IsIn, IsOptional } from 'class-validator';
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

  /** The advice a missed appointment (reg 8(2)) holds up, where it is one service's. */
  @IsOptional()
  @IsIn(ADVICE_SERVICES, oneOf('service', ADVICE_SERVICES))
  service?: string;
}

export class DecisionToIssueDto extends EventEnvelopeDto {
  @IsIn(ISSUE_OUTCOMES, oneOf('outcome', ISSUE_OUTCOMES))
  outcome: string;
}
