import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { NEED_CODES, SUPPORT_END_REASONS, URN_PATTERN } from '@app/rules';
import { EventEnvelopeDto } from './event-envelope.dto';

/** National curriculum years a school reports SEN support for: nursery (-2, -1), reception (0) to year 14. */
export const NC_YEAR_MIN = -2;
export const NC_YEAR_MAX = 14;

export class SupportStartedDto extends EventEnvelopeDto {
  /** The school's URN (Get Information about Schools): 6 digits, never a school name. */
  @Matches(URN_PATTERN, { message: 'schoolUrn must be a 6-digit URN' })
  schoolUrn: string;

  @IsIn(NEED_CODES, { message: `needCode must be one of ${NEED_CODES.join(', ')}` })
  needCode: string;

  @IsOptional()
  @IsInt({ message: `ncYear must be a whole national curriculum year from ${NC_YEAR_MIN} (nursery) to ${NC_YEAR_MAX}` })
  @Min(NC_YEAR_MIN, { message: `ncYear must be a whole national curriculum year from ${NC_YEAR_MIN} (nursery) to ${NC_YEAR_MAX}` })
  @Max(NC_YEAR_MAX, { message: `ncYear must be a whole national curriculum year from ${NC_YEAR_MIN} (nursery) to ${NC_YEAR_MAX}` })
  ncYear?: number;
}

export class NeedChangedDto extends EventEnvelopeDto {
  @IsIn(NEED_CODES, { message: `needCode must be one of ${NEED_CODES.join(', ')}` })
  needCode: string;
}

export class SupportEndedDto extends EventEnvelopeDto {
  @IsIn(SUPPORT_END_REASONS, { message: `reason must be one of ${SUPPORT_END_REASONS.join(', ')}` })
  reason: string;
}
