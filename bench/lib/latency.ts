/**
 * Latency percentiles with bounded memory: a log-bucketed histogram (1 %
 * relative precision from 1 µs to 2 min) that costs the same at 100 samples
 * and at 10 million, and that can cross a process boundary (`toJSON` /
 * `fromJSON`) and be merged, so several load generators can add up later.
 */
export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  count = 0;
  private sum = 0;
  private min = Infinity;
  private max = 0;

  record(ms: number): void {
    if (!(ms >= 0)) return;
    this.counts[bucketOf(ms)]++;
    this.count++;
    this.sum += ms;
    if (ms < this.min) this.min = ms;
    if (ms > this.max) this.max = ms;
  }

  merge(other: LatencyHistogram): void {
    for (let i = 0; i < BUCKETS; i++) this.counts[i] += other.counts[i];
    this.count += other.count;
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
  }

  /** The latency (ms) that `p` percent of samples do not exceed; 0 when empty. */
  percentile(p: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i];
      if (seen >= rank) return Math.min(this.max, Math.max(this.min, upperBound(i)));
    }
    return this.max;
  }

  summary(): LatencySummary {
    return {
      samples: this.count,
      minMs: round(this.count ? this.min : 0),
      meanMs: round(this.count ? this.sum / this.count : 0),
      p50Ms: round(this.percentile(50)),
      p90Ms: round(this.percentile(90)),
      p99Ms: round(this.percentile(99)),
      maxMs: round(this.max),
    };
  }

  toJSON(): SerializedHistogram {
    const buckets: Array<[number, number]> = [];
    this.counts.forEach((n, i) => {
      if (n > 0) buckets.push([i, n]);
    });
    return { count: this.count, sum: this.sum, min: this.min, max: this.max, buckets };
  }

  static fromJSON(data: SerializedHistogram): LatencyHistogram {
    const histogram = new LatencyHistogram();
    for (const [i, n] of data.buckets) histogram.counts[i] = n;
    histogram.count = data.count;
    histogram.sum = data.sum;
    histogram.min = data.min ?? Infinity;
    histogram.max = data.max;
    return histogram;
  }
}

export interface LatencySummary {
  samples: number;
  minMs: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface SerializedHistogram {
  count: number;
  sum: number;
  /** null once through JSON when the histogram was empty (Infinity does not survive). */
  min: number | null;
  max: number;
  buckets: Array<[index: number, count: number]>;
}

const SMALLEST_MS = 0.001;
const GROWTH = 1.01;
const LOG_GROWTH = Math.log(GROWTH);
const BUCKETS = Math.ceil(Math.log(120_000 / SMALLEST_MS) / LOG_GROWTH) + 1;

/** Bucket i holds (SMALLEST·GROWTHⁱ⁻¹, SMALLEST·GROWTHⁱ]; bucket 0 everything up to SMALLEST. */
function bucketOf(ms: number): number {
  if (ms <= SMALLEST_MS) return 0;
  return Math.min(BUCKETS - 1, Math.ceil(Math.log(ms / SMALLEST_MS) / LOG_GROWTH));
}

function upperBound(bucket: number): number {
  return SMALLEST_MS * GROWTH ** bucket;
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
