import { IsIn, IsOptional, Matches } from 'class-validator';
import { DIAGNOSIS_OUTCOMES, NEED_CODES } from '@app/rules';
import { EventEnvelopeDto } from './event-envelope.dto';
import { CODE_PATTERN, IsCalendarDate } from '../../common/validators';

export class ReferralReceivedDto extends EventEnvelopeDto {
  @IsOptional()
  @IsIn(NEED_CODES, { message: `needCode must be one of ${NEED_CODES.join(', ')}` })
  needCode?: string;

  @IsOptional()
  @IsCalendarDate()
  birthDate?: string;
}

export class ReferralClosedDto extends EventEnvelopeDto {
  /** A short code (e.g. no_longer_required), never free text that could carry a name. */
  @Matches(CODE_PATTERN, { message: 'reason must be a short lowercase code such as no_longer_required' })
  reason: string;
}

export class DiagnosisOutcomeDto extends EventEnvelopeDto {
  @IsOptional()
  @IsIn(DIAGNOSIS_OUTCOMES, { message: `outcome must be one of ${DIAGNOSIS_OUTCOMES.join(', ')}` })
  outcome?: string;
}
