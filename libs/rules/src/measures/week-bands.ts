// Bands of completed weeks from a list of lower bounds [0, 1, 2, 4, 12, 18, 52]:
// '0-1' holds 0 completed weeks, ..., '52+' holds 52 and over (NHS community waiting list bands).

export function bandLabels(bounds: readonly number[]): string[] {
  return bounds.map((b, i) => (i + 1 < bounds.length ? `${b}-${bounds[i + 1]}` : `${b}+`));
}

export function bandIndex(bounds: readonly number[], completedWeeks: number): number {
  let i = bounds.length - 1;
  while (i > 0 && completedWeeks < bounds[i]) i--;
  return i;
}
