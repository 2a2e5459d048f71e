// What a player asks for in one step, and how the world carries it out. The room already sanitizes
// inputs, but the sim does it again: the rules must hold whatever reaches them (bots, tests, a bug).

import { clamp, moveCircle } from "./collision.ts";
import { PLAYER_SPEED, STEP_HZ } from "./rules.ts";
import type { PlayerBody, World } from "./world.ts";

export interface InputFrame {
  /** The client's input sequence number; the room hands over the seq it applied. */
  seq: number;
  /** Desired direction, each -1..1; a diagonal is normalized so it is never faster than an axis. */
  dx: number;
  dy: number;
  /** Aim angle in radians (0 = +x, y down). */
  aim: number;
  fire: boolean;
  /**
   * An input the room caught up on in the same step, just before this one (a queued input, see the
   * room's HeldInputs): the player moves for it first, then for this one, as its client predicted.
   */
  earlier?: InputFrame;
}

/**
 * Moves a living player one step by its input (stopping at walls and edges) and turns it to its aim.
 * Returns whether it asked to fire; whether it may (phase, cooldown) is the caller's decision.
 */
export function applyInput(world: World, player: PlayerBody, input: InputFrame): boolean {
  sanitizeInput(input, clean);
  if (clean.dx !== 0 || clean.dy !== 0) {
    moveCircle(player, clean.dx * STEP_DISTANCE, clean.dy * STEP_DISTANCE, world.walls);
  }
  player.angle = clean.aim;
  return clean.fire;
}

/**
 * Writes a safe copy of `input` into `out`: NaN → 0, dx/dy clamped to -1..1 then scaled down to length 1
 * if longer, aim wrapped to [-π, π) (a non-finite aim becomes 0), fire only when exactly true.
 */
export function sanitizeInput(input: InputFrame, out: InputFrame): InputFrame {
  let dx = axis(input.dx);
  let dy = axis(input.dy);
  const length2 = dx * dx + dy * dy;
  if (length2 > 1) {
    const length = Math.sqrt(length2);
    dx /= length;
    dy /= length;
  }
  out.seq = sanitizeSeq(input.seq, 0);
  out.dx = dx;
  out.dy = dy;
  out.aim = wrapAngle(input.aim);
  out.fire = input.fire === true;
  return out;
}

/** An angle wrapped into [-π, π); anything non-finite becomes 0. */
export function wrapAngle(angle: unknown): number {
  if (typeof angle !== "number" || !Number.isFinite(angle)) return 0;
  if (angle >= -Math.PI && angle < Math.PI) return angle;
  return angle - TWO_PI * Math.floor((angle + Math.PI) / TWO_PI);
}

/** A seq as a uint32, or `fallback` when it is not a non-negative integer in range. */
export function sanitizeSeq(seq: unknown, fallback: number): number {
  return typeof seq === "number" && Number.isInteger(seq) && seq >= 0 && seq <= 0xffffffff ? seq : fallback;
}

/** Speed per step, computed once: 300 / 30 = exactly 10, so a free player's path has no rounding drift. */
const STEP_DISTANCE = PLAYER_SPEED / STEP_HZ;

const TWO_PI = Math.PI * 2;

// applyInput's scratch frame: the step runs synchronously, so one reused object is safe.
const clean: InputFrame = { seq: 0, dx: 0, dy: 0, aim: 0, fire: false };

function axis(value: unknown): number {
  if (typeof value !== "number" || Number.isNaN(value)) return 0;
  return clamp(value, -1, 1);
}
