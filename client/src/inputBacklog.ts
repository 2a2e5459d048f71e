// Keeps our inputs from piling up in the server's input buffer. The server applies one input per
// fixed step (two once, to catch up on one that came early), so inputs that arrive in a burst — after
// a frame hitch, a GC pause, a stalled socket — wait there for good, each adding a step (33 ms) to how
// late the server acts on everything we do.
// Measured here: after one 200 ms hitch the ack round trip went from 90 ms to 277 ms and stayed.
//
// How long inputs wait is the ack round trip (send → the server's ack of that input) minus the
// network round trip (ping). Taking the lowest of each over a window filters out jitter; what is
// left is about one step per queued input. When more than BACKLOG_ALLOWED_STEPS are queued, the
// client leaves one input out, which the server covers from its queue. A step or so stays queued on
// purpose: it absorbs ordinary jitter, where an empty buffer would make the server repeat a stale input.

import type { InputHandle } from "@colyseus/sdk";
import { STEP_MS } from "../../src/sim/rules.ts";

/** Inputs may wait this many steps beyond the next step before one is left out. */
const BACKLOG_ALLOWED_STEPS = 1.5;
/** How far back the lowest ack round trip is taken from. */
const WINDOW_MS = 2000;
/** Samples the window needs before it is trusted. */
const MIN_SAMPLES = 20;
/** The network round trip is the lowest of this many recent pings. */
const PING_SAMPLES = 5;
/** Send times kept, by seq; more than any sane number of inputs in flight. */
const RING = 128;

export class InputBacklog {
  private readonly sentAt = new Float64Array(RING);
  private readonly sentSeq = new Float64Array(RING).fill(-1);
  private readonly acks: Array<{ at: number; rtt: number }> = [];
  private readonly pings: number[] = [];
  private lastAck = 0;
  private epoch: number;
  private skippedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly input: InputHandle<unknown>) {
    this.epoch = input.epoch;
  }

  /** Notes when input `seq` left. */
  sent(seq: number, now: number): void {
    this.sentAt[seq % RING] = now;
    this.sentSeq[seq % RING] = seq;
  }

  notePing(ms: number): void {
    this.pings.push(ms);
    if (this.pings.length > PING_SAMPLES) this.pings.shift();
  }

  /** Steps our inputs wait in the server's buffer beyond the next step, or null while unknown. */
  queuedSteps(now: number): number | null {
    this.collectAcks(now);
    if (this.acks.length < MIN_SAMPLES || this.pings.length === 0) return null;
    let fastest = Infinity;
    for (const ack of this.acks) fastest = Math.min(fastest, ack.rtt);
    return (fastest - Math.min(...this.pings)) / STEP_MS;
  }

  /** Whether to leave this step's input out. Only asked while standing still, where it changes nothing on screen. */
  shouldSkip(now: number): boolean {
    const queued = this.queuedSteps(now);
    if (queued === null || queued <= BACKLOG_ALLOWED_STEPS) return false;
    this.skippedAt = now;
    // The window still holds round trips from before the skip: start it afresh.
    this.acks.length = 0;
    return true;
  }

  /** When an input was last left out (for diagnostics). */
  get lastSkipAt(): number {
    return this.skippedAt;
  }

  private collectAcks(now: number): void {
    if (this.input.epoch !== this.epoch) {
      // Reconnected: the server started a fresh buffer and seqs restart.
      this.epoch = this.input.epoch;
      this.lastAck = 0;
      this.acks.length = 0;
      this.sentSeq.fill(-1);
    }
    const acked = this.input.lastProcessed;
    if (acked > this.lastAck) {
      this.lastAck = acked;
      if (this.sentSeq[acked % RING] === acked) this.acks.push({ at: now, rtt: now - this.sentAt[acked % RING]! });
    }
    while (this.acks.length > 0 && now - this.acks[0]!.at > WINDOW_MS) this.acks.shift();
  }
}
