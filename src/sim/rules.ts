// Every constant of the arena in one place: the sim, the room, the client and the tests read them here,
// so a balance change is one edit. Units as in PROTOCOL.md: world units, milliseconds, radians.

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** An axis-aligned wall; (x, y) is its top-left corner (y grows downward). */
export interface Wall {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

// Time. One fixed step is 1000/30 ms; the world clock is kept in whole milliseconds (see step.ts),
// and every duration below is a whole number of steps' worth of ms except FIRE_COOLDOWN_MS.
export const STEP_HZ = 30;
export const STEP_MS = 1000 / STEP_HZ;

// World.
export const WORLD_WIDTH = 3000;
export const WORLD_HEIGHT = 3000;

// Players.
export const PLAYER_RADIUS = 20;
export const PLAYER_SPEED = 300;
export const MAX_HP = 100;

// Combat.
export const PROJECTILE_SPEED = 900;
export const PROJECTILE_LIFE_MS = 1000;
/** Small enough to read as a bullet, large enough that grazing shots still count. */
export const PROJECTILE_RADIUS = 6;
/** At 30 Hz this lets a held trigger fire every 8th step (267 ms): never more often than 250 ms. */
export const FIRE_COOLDOWN_MS = 250;
export const HIT_DAMAGE = 25;
export const RESPAWN_MS = 3000;

// Health packs.
export const PICKUP_HEAL = 50;
export const PICKUP_RESPAWN_MS = 15000;
export const PICKUP_RADIUS = 16;

// Match flow.
export const COUNTDOWN_MS = 3000;
export const ENDED_MS = 10000;
export const MIN_PARTICIPANTS = 2;

// Networking-facing rules the room applies around the sim.
export const INTEREST_RADIUS = 1200;
/**
 * State patches per second, the operator's choice (ARENA_PATCH_HZ): after every other step (15, the
 * default) or after every step (30). Every patch costs each client an encode, a frame and a socket
 * write, so 15 cuts the bytes each client receives by about 35 % and lets a core hold more clients
 * (the README's bench figures). Its price is input latency: an input's ack waits up to a step more
 * for its patch, two steps by construction, which is the input-ack budget (two steps plus 5 ms); 30
 * leaves one step of it to spare. No lower rate fits that budget.
 */
export const PATCH_HZ_CHOICES = [30, 15] as const;
export type PatchHz = (typeof PATCH_HZ_CHOICES)[number];
export const DEFAULT_PATCH_HZ: PatchHz = 15;
export const MAX_REWIND_MS = 200;
/**
 * How many repeated steps (a player's held keys repeated because its input was late) the room
 * remembers, to pass over the movement of as many of the player's next inputs (see the room's
 * HeldInputs). The input buffer's size: more could never be waiting.
 */
export const MAX_REPEATS_OWED = 8;
/**
 * The farthest a player can move in MAX_REWIND_MS: where a shooter saw a target (the TargetLens) is
 * never farther than this from where it is now, so hit tests skip targets beyond it.
 */
export const MAX_REWIND_TRAVEL = (PLAYER_SPEED * MAX_REWIND_MS) / 1000;

/** Create-option ranges and defaults from PROTOCOL.md §3 `arena`; the room validates against these. */
export const CREATE_OPTIONS = {
  maxPlayers: { min: 2, max: 64, default: 16 },
  bots: { min: 0, max: 63, default: 0 },
  matchSeconds: { min: 30, max: 1800, default: 180 },
  scoreLimit: { min: 1, max: 200, default: 20 },
} as const;

/**
 * The map: symmetric under both mirrors, so no spawn side is favoured. Four L-shaped corner forts
 * (two walls each), four walls boxing the centre with open gaps at its corners, and a centre pillar.
 * Lanes 500 units wide stay open along every edge and through the middle of each side.
 */
export const WALLS: readonly Wall[] = Object.freeze([
  // corner forts: top-left, top-right, bottom-left, bottom-right
  wall(500, 500, 500, 60),
  wall(500, 500, 60, 500),
  wall(2000, 500, 500, 60),
  wall(2440, 500, 60, 500),
  wall(500, 2440, 500, 60),
  wall(500, 2000, 60, 500),
  wall(2000, 2440, 500, 60),
  wall(2440, 2000, 60, 500),
  // the centre box: top, bottom, left, right
  wall(1200, 1000, 600, 60),
  wall(1200, 1940, 600, 60),
  wall(1000, 1200, 60, 600),
  wall(1940, 1200, 60, 600),
  // centre pillar
  wall(1425, 1425, 150, 150),
]);

/** Corners, edge midpoints, the pockets inside the corner forts and the lanes around the centre box. */
export const SPAWN_POINTS: readonly Point[] = Object.freeze([
  point(150, 150),
  point(2850, 150),
  point(150, 2850),
  point(2850, 2850),
  point(1500, 150),
  point(1500, 2850),
  point(150, 1500),
  point(2850, 1500),
  point(750, 750),
  point(2250, 750),
  point(750, 2250),
  point(2250, 2250),
  point(1500, 700),
  point(1500, 2300),
  point(700, 1500),
  point(2300, 1500),
]);

/** Two packs inside the centre box (contested) and one in each corner fort's pocket. */
export const PICKUP_POINTS: readonly Point[] = Object.freeze([
  point(1500, 1250),
  point(1500, 1750),
  point(850, 850),
  point(2150, 850),
  point(850, 2150),
  point(2150, 2150),
]);

function wall(x: number, y: number, width: number, height: number): Wall {
  return Object.freeze({ x, y, width, height });
}

function point(x: number, y: number): Point {
  return Object.freeze({ x, y });
}
