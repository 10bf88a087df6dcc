import { Foundation1763800000000 } from './1763800000000-foundation';
import { Compliance1763900000000 } from './1763900000000-compliance';

/** Every migration, in order. Listed by hand so builds and bundles never depend on a glob. */
export const MIGRATIONS = [Foundation1763800000000, Compliance1763900000000];
