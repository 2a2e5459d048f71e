// The arena's data model: plain objects in Maps, so the room can copy them into schema state field by
// field and tests can build any situation by assigning fields. Everything that changes during a match
// lives in a World; everything fixed lives in rules.ts.

import type { BotBrain } from "./bots.ts";
import { Random } from "./random.ts";
import {
  CREATE_OPTIONS,
  MAX_HP,
  PICKUP_POINTS,
  SPAWN_POINTS,
  WALLS,
  WORLD_HEIGHT,
  WORLD_WIDTH,
  type Wall,
} from "./rules.ts";

export type Phase = "waiting" | "countdown" | "playing" | "ended";

export interface PlayerBody {
  readonly id: string;
  name: string;
  x: number;
  y: number;
  angle: number;
  hp: number;
  score: number;
  kills: number;
  deaths: number;
  alive: boolean;
  /** Set by the room; the sim keeps disconnected players in the match (they count as participants). */
  connected: boolean;
  readonly bot: boolean;
  /** The last input seq applied for this player: what its client reconciles against. */
  lastInput: number;
  /** World time at which a dead player comes back; 0 while alive. */
  respawnAt: number;
  /** World time from which the player may fire again. */
  nextFireAt: number;
}

export interface ProjectileBody {
  readonly id: string;
  /** May name a player who has since left: such a projectile still flies and hurts, but credits no one. */
  readonly ownerId: string;
  x: number;
  y: number;
  readonly vx: number;
  readonly vy: number;
  readonly angle: number;
  readonly expiresAt: number;
}

export interface PickupBody {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  active: boolean;
  /** World time at which a taken pickup comes back; 0 while active. */
  respawnAt: number;
}

export interface World {
  readonly seed: number;
  /** Milliseconds since the world was created, whole numbers (see step.ts). */
  time: number;
  tick: number;
  phase: Phase;
  /** World time at which the current phase ends; 0 when it is open-ended ("waiting"). */
  phaseEndsAt: number;
  readonly matchSeconds: number;
  readonly scoreLimit: number;
  readonly players: Map<string, PlayerBody>;
  readonly projectiles: Map<string, ProjectileBody>;
  readonly pickups: Map<string, PickupBody>;
  readonly walls: readonly Wall[];
  readonly rng: Random;
  /** Bot state that is not part of the game (targets, watchdogs); kept off PlayerBody so copies stay lean. */
  readonly brains: Map<string, BotBrain>;
  /** Counter behind projectile ids "p1", "p2", …; never reused within a world. */
  nextProjectileId: number;
}

export interface WorldOptions {
  seed?: number;
  matchSeconds?: number;
  scoreLimit?: number;
}

export interface AddPlayerOptions {
  bot?: boolean;
}

/**
 * A fresh world in "waiting" at time 0. The sim only replaces absent or nonsensical options with the
 * defaults; enforcing the PROTOCOL ranges is the room's job (tests may want a shorter match).
 */
export function createWorld(options: WorldOptions = {}): World {
  const seed = Number.isFinite(options.seed) ? Math.trunc(options.seed as number) >>> 0 : 0;
  const pickups = new Map<string, PickupBody>();
  PICKUP_POINTS.forEach((p, i) => {
    const id = `pickup-${i}`;
    pickups.set(id, { id, x: p.x, y: p.y, active: true, respawnAt: 0 });
  });
  return {
    seed,
    time: 0,
    tick: 0,
    phase: "waiting",
    phaseEndsAt: 0,
    matchSeconds: positiveOr(options.matchSeconds, CREATE_OPTIONS.matchSeconds.default),
    scoreLimit: Math.ceil(positiveOr(options.scoreLimit, CREATE_OPTIONS.scoreLimit.default)),
    players: new Map(),
    projectiles: new Map(),
    pickups,
    walls: WALLS,
    rng: new Random(seed),
    brains: new Map(),
    nextProjectileId: 1,
  };
}

/**
 * Puts a new player into the world, alive at the spawn point farthest from everyone alive. Adding an
 * id that is already present returns the existing body untouched, so a repeated join cannot reset a
 * player's score.
 */
export function addPlayer(world: World, id: string, name: string, options: AddPlayerOptions = {}): PlayerBody {
  const existing = world.players.get(id);
  if (existing !== undefined) return existing;
  const player: PlayerBody = {
    id,
    name,
    x: 0,
    y: 0,
    angle: 0,
    hp: 0,
    score: 0,
    kills: 0,
    deaths: 0,
    alive: false,
    connected: true,
    bot: options.bot === true,
    lastInput: 0,
    respawnAt: 0,
    nextFireAt: 0,
  };
  spawnPlayer(world, player);
  world.players.set(id, player);
  return player;
}

/**
 * Takes a player out at once. Its projectiles already in flight keep flying and still do damage
 * (removing them would make leaving a way to dodge a shot's consequences), but a kill by them credits
 * no one. Returns whether the player was present.
 */
export function removePlayer(world: World, id: string): boolean {
  world.brains.delete(id);
  return world.players.delete(id);
}

/** Brings a player (back) to life with full hp at the freest spawn point, facing the centre. */
export function spawnPlayer(world: World, player: PlayerBody): void {
  player.alive = false; // so its own old position does not count as "occupied"
  const spawn = SPAWN_POINTS[chooseSpawnIndex(world)]!;
  player.x = spawn.x;
  player.y = spawn.y;
  player.angle = Math.atan2(WORLD_HEIGHT / 2 - spawn.y, WORLD_WIDTH / 2 - spawn.x);
  player.hp = MAX_HP;
  player.alive = true;
  player.respawnAt = 0;
}

/**
 * The index of the spawn point whose nearest living player is farthest away; ties (for instance an
 * empty world, where every point is infinitely far) are broken by the world's rng.
 */
export function chooseSpawnIndex(world: World): number {
  let best = -1;
  let ties = 0;
  for (let i = 0; i < SPAWN_POINTS.length; i++) {
    const d = nearestLivingSquared(world, SPAWN_POINTS[i]!);
    if (d > best) {
      best = d;
      ties = 1;
    } else if (d === best) {
      ties++;
    }
  }
  let pick = world.rng.int(ties);
  for (let i = 0; i < SPAWN_POINTS.length; i++) {
    if (nearestLivingSquared(world, SPAWN_POINTS[i]!) === best && pick-- === 0) return i;
  }
  return 0;
}

function nearestLivingSquared(world: World, p: { x: number; y: number }): number {
  let nearest = Infinity;
  for (const other of world.players.values()) {
    if (!other.alive) continue;
    const dx = other.x - p.x;
    const dy = other.y - p.y;
    const d = dx * dx + dy * dy;
    if (d < nearest) nearest = d;
  }
  return nearest;
}

function positiveOr(value: number | undefined, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : fallback;
}
