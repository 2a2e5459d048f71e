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
 * trigger is carried over so no shot is lost. Still one input's movement per step, and a client that
 * sends faster than the step rate never runs dry, owes nothing and gains nothing.
 */
export class HeldInputs {
  private readonly held = new Map<string, InputFrame>();
  /** Repeated or dropped steps not yet made up for by passing over a late input, per player. */
  private readonly owed = new Map<string, number>();
  /** Steps that repeated held keys, all players together, since the room started (a metric). */
  repeatedSteps = 0;

  /** The frame this player's step runs on, or undefined before its first input. */
  next(sessionId: string, inputs: InputStream): InputFrame | undefined {
    const owed = this.owed.get(sessionId) ?? 0;
    if (!this.take(sessionId, inputs)) {
      const held = this.held.get(sessionId);
      if (held !== undefined) {
        this.repeatedSteps++;
        this.owed.set(sessionId, Math.min(owed + 1, MAX_REPEATS_OWED));
      }
      return held;
    }
    const frame = this.held.get(sessionId)!;
    if (owed > 0 && inputs.size > 0) {
      const fire = frame.fire;
      if (this.take(sessionId, inputs)) {
        frame.fire ||= fire;
        this.owed.set(sessionId, owed - 1);
      }
    }
    return frame;
  }

  /**
   * The room dropped `steps` steps after a stall: every player's inputs for them are on their way and
   * would wait a step each behind the rest for the whole match, so they are owed like repeats.
   */
  oweDroppedSteps(steps: number): void {
    for (const sessionId of this.held.keys()) {
      this.owed.set(sessionId, Math.min(this.owedTo(sessionId) + steps, MAX_REPEATS_OWED));
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
  }

  /** Copies the oldest buffered input newer than the held one into the held frame; false if none. */
  private take(sessionId: string, inputs: InputStream): boolean {
    const held = this.held.get(sessionId);
    for (let input = inputs.next(); input !== undefined; input = inputs.next()) {
      if (held !== undefined && input.seq <= held.seq) continue;
      const frame = held ?? { seq: 0, dx: 0, dy: 0, aim: 0, fire: false };
      frame.seq = input.seq;
      frame.dx = input.dx;
      frame.dy = input.dy;
      frame.aim = input.aim;
      frame.fire = input.fire;
      this.held.set(sessionId, frame);
      return true;
    }
    return false;
  }
}
