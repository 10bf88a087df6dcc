import { IsIn, IsInt, IsOptional, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
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

  /** The day of the move: required for a move between post-16 institutions (reg 18(2): 5 months before it). */
  @ValidateIf((o: PhaseTransferDto) => o.kind === 'post16_move' || o.on !== undefined)
  @IsCalendarDate({ message: 'phaseTransfer.on must be a calendar date written YYYY-MM-DD (required when kind is post16_move)' })
  on?: string;
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
