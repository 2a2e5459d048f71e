import type { InputFrame } from "../../sim/index.ts";

/** What a player's buffered inputs look like to the room: Colyseus's per-client input stream. */
export interface InputStream {
  next(): InputFrame | undefined;
}

/**
 * Each player's last applied input, and the rule for picking the next one: the oldest buffered input
 * newer than the last applied or, with nothing new buffered, the last one again (held keys stay
 * held). Stale and duplicate seqs are consumed and dropped here rather than by Colyseus's `seqField`,
 * which discards them before the buffer so the SDK's ack (a count of consumed inputs) would never
 * reach the client's sent count; and the repeat is the last *applied* input, not Colyseus's `latest`
 * (the last received, which may be one of those dropped frames).
 */
export class HeldInputs {
  private readonly held = new Map<string, InputFrame>();

  /** The frame this player's step runs on, or undefined before its first input. */
  next(sessionId: string, inputs: InputStream): InputFrame | undefined {
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
      return frame;
    }
    return held;
  }

  /** A player who dropped or left starts again with no keys held. */
  release(sessionId: string): void {
    this.held.delete(sessionId);
  }
}
