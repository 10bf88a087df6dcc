/** Refusals whose audit record is already written (by LaGate), so the audit interceptor does not write a second. */
const audited = new WeakSet<object>();

export function markAudited<E extends object>(refusal: E): E {
  audited.add(refusal);
  return refusal;
}

export function wasAudited(e: unknown): boolean {
  return typeof e === 'object' && e !== null && audited.has(e);
}
