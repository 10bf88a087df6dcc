import { LocalAuthority } from './local-authority.entity';

export { LocalAuthority };
// The events and cases tables have no entity: the event store (../event-store) reads and writes
// them with set-based SQL, and its StoredEvent is their one row type.
export const ENTITIES = [LocalAuthority];
