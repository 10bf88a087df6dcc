import { IsIn, IsNumber, IsOptional, Matches, Max, Min, ValidateIf } from 'class-validator';
import { AP_COMMISSIONERS, AP_PLACEMENT_REASONS, AP_PROVIDER_KINDS, URN_PATTERN } from '@app/rules';
import { EventEnvelopeDto } from './event-envelope.dto';
import { CODE_PATTERN } from '../../common/validators';

/** More than a school week and a half is a typing mistake, not a timetable. */
export const MAX_HOURS_PER_WEEK = 50;
const HOURS_MESSAGE = `hoursPerWeek must be a number of hours from 0.5 to ${MAX_HOURS_PER_WEEK}`;

export class PlacementStartedDto extends EventEnvelopeDto {
  /** Required unless the provider has no URN, when providerKind names what it is. */
  @ValidateIf((o: PlacementStartedDto) => o.providerUrn !== undefined || o.providerKind === undefined)
  @Matches(URN_PATTERN, { message: 'providerUrn must be a 6-digit URN (or give providerKind for a provider without one)' })
  providerUrn?: string;

  @IsOptional()
  @IsIn(AP_PROVIDER_KINDS, { message: `providerKind must be one of ${AP_PROVIDER_KINDS.join(', ')}` })
  providerKind?: string;

  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: HOURS_MESSAGE })
  @Min(0.5, { message: HOURS_MESSAGE })
  @Max(MAX_HOURS_PER_WEEK, { message: HOURS_MESSAGE })
  hoursPerWeek: number;

  @IsIn(AP_PLACEMENT_REASONS, { message: `reason must be one of ${AP_PLACEMENT_REASONS.join(', ')}` })
  reason: string;

  @IsIn(AP_COMMISSIONERS, { message: `commissionedBy must be one of ${AP_COMMISSIONERS.join(', ')}` })
  commissionedBy: string;
}

export class PlacementEndedDto extends EventEnvelopeDto {
  /** A short code (e.g. returned_to_school), never free text that could carry a name. */
  @Matches(CODE_PATTERN, { message: 'reason must be a short lowercase code such as returned_to_school' })
  reason: string;
}
