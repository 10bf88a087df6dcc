// Is a count out of line with its own history? An exact Poisson test: if the count followed the
// history's mean rate, how likely is a count at least this far out? (docs/rules.md, "SEN support trends")

/** P(X <= k) for X ~ Poisson(mean), summed in log space so large counts do not overflow. */
export function poissonCdf(k: number, mean: number): number {
  if (k < 0) return 0;
  if (mean === 0) return 1;
  const logMean = Math.log(mean);
  let term = -mean; // log P(X = 0)
  let sum = Math.exp(term);
  for (let i = 1; i <= k; i++) {
    term += logMean - Math.log(i);
    // exp of a log below -746 is exactly 0 in a double (under the least subnormal): nothing to add.
    if (term > -746) sum += Math.exp(term);
  }
  return Math.min(1, sum);
}

export interface PoissonTest {
  /** The history's mean count per term. */
  expected: number;
  observed: number;
  /** P(X >= observed) and P(X <= observed) under the history's rate. */
  upperP: number;
  lowerP: number;
  /** 'rise' or 'fall' when that tail is under half the significance level (two-sided), else 'steady'. */
  direction: 'rise' | 'fall' | 'steady';
}

/**
 * Tests `observed` against the mean of `history` at a two-sided significance of `significancePercent`
 * (1 means 1%: each tail 0.5%). With no history at all there is nothing to test: steady.
 */
export function poissonTest(observed: number, history: readonly number[], significancePercent: number): PoissonTest {
  const expected = history.length ? history.reduce((a, b) => a + b, 0) / history.length : observed;
  const upperP = observed === 0 ? 1 : 1 - poissonCdf(observed - 1, expected);
  const lowerP = poissonCdf(observed, expected);
  const tail = significancePercent / 100 / 2;
  const direction = upperP < tail ? 'rise' : lowerP < tail ? 'fall' : 'steady';
  return { expected, observed, upperP, lowerP, direction };
}
