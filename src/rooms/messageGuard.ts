import type { Client } from "colyseus";
import type { z } from "zod";
import { FLOOD_CLOSE_CODE, FLOOD_TOLERANCE, MESSAGES_PER_SECOND } from "./rules.ts";
import { countRejected } from "../observability/metrics.ts";
import { logger } from "../observability/logger.ts";

/** Why a message was refused; also the `reason` label of rejected-message metrics. */
export type RejectReason = "invalid_message" | "rate_limited" | "unknown_type" | "flood";

/**
 * The gate every client message passes before a room acts on it: a per-client
 * token bucket (PROTOCOL: `rate_limited`, then close 4008 for a client that
 * keeps flooding) and schema validation that answers `invalid_message` and
 * keeps the client, unlike Colyseus's built-in validation which disconnects.
 */
export class MessageGuard {
  private readonly buckets = new Map<string, Bucket>();

  /** `room` names the room type in metrics and logs; `now` is the room clock in ms. */
  constructor(
    private readonly room: string,
    private readonly now: () => number,
    private readonly perSecond = MESSAGES_PER_SECOND,
  ) {}

  /**
   * Wraps a handler: rate-limits, validates with `schema`, then calls `handler`
   * with the parsed payload. Bad payloads and excess messages change nothing.
   */
  handle<S extends z.ZodType>(
    type: string,
    schema: S,
    handler: (client: Client, payload: z.infer<S>) => void,
  ): (client: Client, payload: unknown) => void {
    return (client, payload) => {
      if (!this.admit(client, type)) return;
      const parsed = schema.safeParse(payload);
      if (!parsed.success) {
        client.send("error", { code: "invalid_message", type });
        this.reject(client, type, "invalid_message");
        return;
      }
      handler(client, parsed.data);
    };
  }

  /** For message types nobody handles: they still count toward the rate limit. */
  ignoreUnknown(client: Client, type: string): void {
    if (this.admit(client, type)) this.reject(client, type, "unknown_type");
  }

  /** Takes one token; false (and the client told or dropped) when none is left. */
  admit(client: Client, type: string): boolean {
    const now = this.now();
    let bucket = this.buckets.get(client.sessionId);
    if (!bucket) {
      bucket = { tokens: this.perSecond, overflow: 0, at: now, warned: false };
      this.buckets.set(client.sessionId, bucket);
    }
    const refill = ((now - bucket.at) / 1000) * this.perSecond;
    bucket.at = now;
    bucket.tokens = Math.min(this.perSecond, bucket.tokens + refill);
    bucket.overflow = Math.max(0, bucket.overflow - refill);

    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      bucket.warned = false;
      return true;
    }
    bucket.overflow += 1;
    if (bucket.overflow > FLOOD_TOLERANCE) {
      this.reject(client, type, "flood");
      this.forget(client);
      client.leave(FLOOD_CLOSE_CODE, "flooding");
      return false;
    }
    // One notice per burst is enough; answering every excess message would
    // let a flooding client make the server flood it back.
    if (!bucket.warned) client.send("error", { code: "rate_limited" });
    bucket.warned = true;
    this.reject(client, type, "rate_limited");
    return false;
  }

  /** Counted always; logged at debug only, so a flood never floods the log. */
  private reject(client: Client, type: string, reason: RejectReason): void {
    countRejected(this.room, reason);
    const line = { room: this.room, sessionId: client.sessionId, type, reason };
    if (reason === "flood") logger.warn(line, "client disconnected for flooding");
    else logger.debug(line, "message rejected");
  }

  forget(client: Client): void {
    this.buckets.delete(client.sessionId);
  }

  get size(): number {
    return this.buckets.size;
  }
}

interface Bucket {
  tokens: number;
  overflow: number;
  at: number;
  warned: boolean;
}
