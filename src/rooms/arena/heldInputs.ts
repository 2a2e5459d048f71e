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
 * A late input is not left to delay every later one, nor to move its player further than its inputs
 * do. Clients send one input per step and the room applies one per step, so when an input misses its
 * step, that step repeats the held keys: the player has moved for an input it has not yet received.
 * Each such repeat is remembered as owed (up to MAX_REPEATS_OWED), and the movement of as many of the
 * player's next inputs is passed over as they arrive, their triggers kept so no shot is lost. A
 * repeat of keys that move nothing is owed too: it still stands for an input on its way, and a step
 * that then takes two must not count them as an early one caught up on. A step that finds more than
 * one input waiting while owed takes two: otherwise the late one and the next, arriving together,
 * would leave one waiting in the buffer for good and every later input would be acted on a step late
 * (measured at 496 bench clients: 60 % of steps ended with an input still waiting, ack p50/p99
 * 39/124 ms). Passing over the next owed inputs whether they arrive alone or together is the rule the
 * owner's client replays (Player.repeatsOwed), so lateness is never a correction. (Passing over only
 * inputs that arrived together left a player owed while its inputs came one at a time; the client
 * skipped an input the room applied, and a change of keys then cost a step's correction.)
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
  /** Repeated or dropped steps not yet made up for by passing over a later input's movement, per player. */
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
    // The held frame now holds the input just taken (and, below, a second one if there is one).
    const current = this.held.get(sessionId)!;
    // A player a step ahead (and so owed nothing) takes no second input until a step finds none.
    const mayTakeTwo = inputs.size > 0 && (owed > 0 || !this.ahead.has(sessionId));
    if (owed === 0 && !mayTakeTwo) return current;
    const older = copy(current, this.scratch(this.earlier, sessionId));
    const taken = mayTakeTwo && this.take(sessionId, inputs) ? 2 : 1;
    if (owed === 0 && taken === 1) return current;
    // This step's own frame: the held one stays as sent, for the repeats that may follow.
    const frame = copy(current, this.scratch(this.stepFrames, sessionId));
    frame.fire ||= older.fire; // the trigger of every input taken is kept
    const passedOver = Math.min(owed, taken);
    this.owed.set(sessionId, owed - passedOver);
    if (passedOver === taken) {
      frame.dx = 0; // a repeat already moved the player for each
      frame.dy = 0;
    } else if (passedOver === 0) {
      this.ahead.add(sessionId); // caught up on an early input: the player moves for both
      frame.earlier = older;
    } // else the older's movement is passed over and the newer's is this step's
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
   * movement will be passed over. The owner's client needs it to predict the same (Player.repeatsOwed).
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
