import { IsIn, IsString, Matches } from 'class-validator';
import { PATHWAYS, type Pathway } from '@app/rules';
import { IsCalendarDate, IsLaCode, REFERENCE_MESSAGE, REFERENCE_PATTERN } from '../../common/validators';

/** The fields every event carries (docs/contract.md, "The envelope"). */
export class EventEnvelopeDto {
  /** Unique per LA source system: a replay of the same eventId is a no-op. */
  @Matches(REFERENCE_PATTERN, { message: REFERENCE_MESSAGE })
  eventId: string;

  @IsLaCode()
  la: string;

  @Matches(REFERENCE_PATTERN, { message: REFERENCE_MESSAGE })
  caseRef: string;

  @Matches(REFERENCE_PATTERN, { message: REFERENCE_MESSAGE })
  childRef: string;

  @IsIn(PATHWAYS, { message: `pathway must be one of ${PATHWAYS.join(', ')}` })
  pathway: Pathway;

  @IsString({ message: 'type must be an event type of the pathway' })
  type: string;

  @IsCalendarDate()
  date: string;
}
