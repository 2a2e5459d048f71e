// The world's only source of chance. A seeded generator (mulberry32) instead of Math.random, so a match
// replays exactly from its seed and the inputs — which is what makes bot behaviour testable.

export class Random {
  private state: number;

  constructor(seed: number) {
    // Any number is accepted; NaN and fractions collapse to a uint32 rather than poisoning the stream.
    this.state = Number.isFinite(seed) ? Math.trunc(seed) >>> 0 : 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n); 0 when n < 1. */
  int(n: number): number {
    return n >= 1 ? Math.floor(this.next() * Math.floor(n)) : 0;
  }

  /** A float in [a, b). */
  range(a: number, b: number): number {
    return a + (b - a) * this.next();
  }
}
