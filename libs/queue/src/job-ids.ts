// Job ids that name what they do and for which period, so that adding the same job twice (two
// worker instances ticking at once, a retried relay) is a no-op in BullMQ.
// BullMQ refuses ids with a colon unless they have exactly three parts, hence kind:scope:period.

const clean = (part: string) => part.replace(/:/g, '_');

/** 'nightly:all:2026-11-22', 'weekly-summary:805:2026-W47', 'digest:805:2026-11-23'. */
export function periodJobId(kind: string, scope: string, period: string): string {
  return [kind, scope, period].map(clean).join(':');
}
