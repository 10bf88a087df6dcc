import { Matches } from 'class-validator';
import { EventEnvelopeDto } from './event-envelope.dto';
import { REFERENCE_MESSAGE, REFERENCE_PATTERN } from '../../common/validators';

/** Withdraws an earlier event of the same case; both stay in the audit trail. */
export class RetractDto extends EventEnvelopeDto {
  @Matches(REFERENCE_PATTERN, { message: REFERENCE_MESSAGE.replace('$property', 'retractsEventId') })
  retractsEventId: string;
}
