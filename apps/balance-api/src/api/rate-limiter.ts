/** D11: one token bucket per client; `retryAfterSeconds` is how long until the next token. */
export type RateDecision =
  { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  refilledAtMs: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {}

  take(client: string, nowMs: number): RateDecision {
    let bucket = this.buckets.get(client);
    if (bucket === undefined) {
      bucket = { tokens: this.burst, refilledAtMs: nowMs };
      this.buckets.set(client, bucket);
      // Idle clients' full buckets carry no information; dropping them keeps the map small.
      if (this.buckets.size > 10_000) this.dropFull(nowMs);
    }
    const elapsed = Math.max(0, nowMs - bucket.refilledAtMs) / 1000;
    bucket.tokens = Math.min(this.burst, bucket.tokens + elapsed * this.perSecond);
    bucket.refilledAtMs = nowMs;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond)),
    };
  }

  private dropFull(nowMs: number): void {
    for (const [client, bucket] of this.buckets) {
      const tokens =
        bucket.tokens + (Math.max(0, nowMs - bucket.refilledAtMs) / 1000) * this.perSecond;
      if (tokens >= this.burst) this.buckets.delete(client);
    }
  }
}
