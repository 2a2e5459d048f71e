// Builders for sim tests: a world already in a chosen phase, players placed by hand, inputs held.

import {
  addPlayer,
  createWorld,
  step,
  type InputFrame,
  type Phase,
  type PlayerBody,
  type StepEvents,
  type World,
} from "../../src/sim/index.ts";

/** The strip y < 500 holds no wall: tests that need open ground use it. */
export const OPEN_Y = 250;

/** A world forced into `phase` with a deadline far away, so the match clock never interferes. */
export function arena(phase: Phase = "playing", seed = 1): World {
  const world = createWorld({ seed, matchSeconds: 180, scoreLimit: 20 });
  world.phase = phase;
  world.phaseEndsAt = phase === "waiting" ? 0 : 1e12;
  return world;
}

export function place(world: World, id: string, x: number, y: number, angle = 0, bot = false): PlayerBody {
  const player = addPlayer(world, id, id, { bot });
  player.x = x;
  player.y = y;
  player.angle = angle;
  return player;
}

export function frame(partial: Partial<InputFrame> = {}): InputFrame {
  return { seq: 0, dx: 0, dy: 0, aim: 0, fire: false, ...partial };
}

export function inputs(entries: Record<string, Partial<InputFrame>> = {}): Map<string, InputFrame> {
  const map = new Map<string, InputFrame>();
  for (const [id, partial] of Object.entries(entries)) map.set(id, frame(partial));
  return map;
}

/** Steps `count` times with the same inputs; returns every step's events. */
export function run(world: World, count: number, held: Map<string, InputFrame> = new Map()): StepEvents[] {
  const all: StepEvents[] = [];
  for (let i = 0; i < count; i++) all.push(step(world, held));
  return all;
}

export function distance(a: { x: number; y: number }, b: { x: number; y: number }): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}
