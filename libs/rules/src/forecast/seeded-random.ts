// A seeded PRNG (mulberry32) and the draws the simulations need: forecasts are reproducible, the
// same data and seed always give the same band.

export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Exponential gap with the given rate (events per unit of time). */
  exponential(rate: number): number {
    return -Math.log(1 - this.next()) / rate;
  }

  /** Whole number in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Poisson count with the given mean (Knuth for small means, a normal approximation above 50). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 50) {
      const u = Math.max(this.next(), 1e-12);
      const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
      return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
    }
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
}
