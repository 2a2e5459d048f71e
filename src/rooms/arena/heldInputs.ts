import { MAX_REPEATS_OWED, type InputFrame } from "../../sim/index.ts";

/** What a player's buffered inputs look like to the room: Colyseus's per-client input stream. */
export interface InputStream {
  next(): InputFrame | undefined;
  /** Inputs still waiting. */
  readonly size: number;
}

/**
 * Each player's last applied input, and the rule for picking the next one: the oldest buffered input
 * newer than the last applied or, with nothing new buffered, the last one again (held keys stay
 * held). Stale and duplicate seqs are consumed and dropped here rather than by Colyseus's `seqField`,
 * which discards them before the buffer so the SDK's ack (a count of consumed inputs) would never
 * reach the client's sent count; and the repeat is the last *applied* input, not Colyseus's `latest`
 * (the last received, which may be one of those dropped frames).
 *
 * A late input is not left to delay every later one. Clients send one input per step and the room
 * applies one per step, so when an input misses its step (the step repeats held keys instead) and
 * then arrives together with the next, one of them would wait in the buffer for good and every later
 * input would be acted on a step late: measured at 496 bench clients, 60 % of steps ended with an
 * input still waiting, and the ack p50/p99 was 39/124 ms. So each repeated step is remembered as
 * owed (up to MAX_REPEATS_OWED), and a step that finds more than one input waiting while a repeat is
 * owed passes over the older for the newer: the repeat already moved the player for it, and its
 * trigger is carried over so no shot is lost: still one input's movement per step.
 *
 * Nor is an early input left to delay every later one. When jitter brings an input in before the step
 * ahead of it has run, two wait at once with nothing owed; consuming one per step would keep one
 * waiting for good, a step of latency until an input happens to come late. Measured at 496 bench
 * clients, in some runs a quarter of the steps ended with an input still waiting, and the ack p50/p99
 * (medians of 7 runs) was 34/89 ms; catching up (6 runs), 20/68 ms. Such a step consumes both and moves
 * the player for each in turn (`InputFrame.earlier`), as its client predicted them. The player is
 * then a step ahead, and can be no further: it catches up no more until a step finds no input for
 * it, and that step, whose input it already had, moves it no further. So catching up never moves a
 * player further than its inputs do, and a client that sends faster than the step rate gains nothing.
 */
export class HeldInputs {
  private readonly held = new Map<string, InputFrame>();
  /** Repeated or dropped steps not yet made up for by passing over a late input, per player. */
  private readonly owed = new Map<string, number>();
  /** Players a step ahead: a step caught up on an input of theirs that came early. */
  private readonly ahead = new Set<string>();
  // Each player's reusable frames for a step that consumes two inputs: the older one, and the step's own.
  private readonly earlier = new Map<string, InputFrame>();
  private readonly stepFrames = new Map<string, InputFrame>();
  /** Steps that repeated held keys, all players together, since the room started (a metric). */
  repeatedSteps = 0;

  /**
   * The frame this player's step runs on, or undefined when the player stands still: before its first
   * input, or on the step whose input an earlier step already caught up on.
   */
  next(sessionId: string, inputs: InputStream): InputFrame | undefined {
    const owed = this.owedTo(sessionId);
    const held = this.held.get(sessionId);
    if (!this.take(sessionId, inputs)) {
      if (this.ahead.delete(sessionId) || held === undefined) return undefined;
      this.repeatedSteps++;
      this.owed.set(sessionId, Math.min(owed + 1, MAX_REPEATS_OWED));
      return held;
    }
    const newest = this.held.get(sessionId)!;
    if (inputs.size === 0 || (owed === 0 && this.ahead.has(sessionId))) return newest;
    const older = copy(newest, this.scratch(this.earlier, sessionId));
    if (!this.take(sessionId, inputs)) return newest;
    // This step's own frame: the held one stays as sent, for the repeats that may follow.
    const frame = copy(newest, this.scratch(this.stepFrames, sessionId));
    frame.fire ||= older.fire; // its trigger is kept either way
    if (owed > 0) {
      this.owed.set(sessionId, owed - 1); // passed over: a repeat already moved the player for it
    } else {
      this.ahead.add(sessionId); // caught up: the player moves for both
      frame.earlier = older;
    }
    return frame;
  }

  /**
   * The room dropped `steps` steps after a stall: every player's inputs for them are on their way and
   * would wait a step each behind the rest for the whole match, so they are owed like repeats (one
   * fewer for a player a step ahead, whose input for one of them is already in).
   */
  oweDroppedSteps(steps: number): void {
    for (const sessionId of this.held.keys()) {
      const owed = this.ahead.delete(sessionId) ? steps - 1 : steps;
      this.owed.set(sessionId, Math.min(this.owedTo(sessionId) + owed, MAX_REPEATS_OWED));
    }
  }

  /**
   * Steps this player is owed (repeated, or dropped by the room): that many of its next inputs'
   * movement will be passed over as they arrive doubled up. The owner's client needs it to predict
   * the same (Player.repeatsOwed).
   */
  owedTo(sessionId: string): number {
    return this.owed.get(sessionId) ?? 0;
  }

  /** A player who dropped or left starts again with no keys held. */
  release(sessionId: string): void {
    this.held.delete(sessionId);
    this.owed.delete(sessionId);
    this.ahead.delete(sessionId);
    this.earlier.delete(sessionId);
    this.stepFrames.delete(sessionId);
  }

  /** The player's reusable frame in `frames`. */
  private scratch(frames: Map<string, InputFrame>, sessionId: string): InputFrame {
    let frame = frames.get(sessionId);
    if (frame === undefined) frames.set(sessionId, (frame = blank()));
    return frame;
  }

  /** Copies the oldest buffered input newer than the held one into the held frame; false if none. */
  private take(sessionId: string, inputs: InputStream): boolean {
    const held = this.held.get(sessionId);
    for (let input = inputs.next(); input !== undefined; input = inputs.next()) {
      if (held !== undefined && input.seq <= held.seq) continue;
      this.held.set(sessionId, copy(input, held ?? blank()));
      return true;
    }
    return false;
  }
}

function blank(): InputFrame {
  return { seq: 0, dx: 0, dy: 0, aim: 0, fire: false };
}

/** Copies an input's fields into `into` (without `earlier`). */
function copy(from: InputFrame, into: InputFrame): InputFrame {
  into.seq = from.seq;
  into.dx = from.dx;
  into.dy = from.dy;
  into.aim = from.aim;
  into.fire = from.fire;
  into.earlier = undefined;
  return into;
}
