import { IsIn, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { NEED_CODES, PHASE_TRANSFER_KINDS, REVIEW_OUTCOMES } from '@app/rules';
import { EventEnvelopeDto } from './event-envelope.dto';
import { IsCalendarDate } from '../../common/validators';

export class PhaseTransferDto {
  @IsInt({ message: 'phaseTransfer.year must be a whole year' })
  @Min(2000, { message: 'phaseTransfer.year must be 2000 or later' })
  @Max(2100, { message: 'phaseTransfer.year must be 2100 or earlier' })
  year: number;

  @IsIn(PHASE_TRANSFER_KINDS, { message: `phaseTransfer.kind must be one of ${PHASE_TRANSFER_KINDS.join(', ')}` })
  kind: string;
}

export class PlanActiveDto extends EventEnvelopeDto {
  @IsCalendarDate()
  planIssuedOn: string;

  @IsOptional()
  @ValidateNested()
  phaseTransfer?: PhaseTransferDto;

  @IsOptional()
  @IsCalendarDate()
  birthDate?: string;

  @IsOptional()
  @IsIn(NEED_CODES, { message: `needCode must be one of ${NEED_CODES.join(', ')}` })
  needCode?: string;
}

export class ReviewDecisionDto extends EventEnvelopeDto {
  @IsIn(REVIEW_OUTCOMES, { message: `outcome must be one of ${REVIEW_OUTCOMES.join(', ')}` })
  outcome: string;
}
