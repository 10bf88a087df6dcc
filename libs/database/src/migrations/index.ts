import { Foundation1763800000000 } from './1763800000000-foundation';

/** Every migration, in order. Listed by hand so builds and bundles never depend on a glob. */
export const MIGRATIONS = [Foundation1763800000000];
