import { CaseRecord } from './case.entity';
import { EventRecord } from './event.entity';
import { LocalAuthority } from './local-authority.entity';

export { CaseRecord, EventRecord, LocalAuthority };
export const ENTITIES = [LocalAuthority, CaseRecord, EventRecord];
