// Server-driven players. A bot produces the same InputFrame a client would send, so it obeys exactly
// the rules humans do; all its chance comes from the world's rng, so a seeded match replays exactly.

import { firstWallHit } from "./collision.ts";
import type { InputFrame } from "./input.ts";
import {
  INTEREST_RADIUS,
  MAX_HP,
  PLAYER_RADIUS,
  PROJECTILE_LIFE_MS,
  PROJECTILE_RADIUS,
  PROJECTILE_SPEED,
  SPAWN_POINTS,
} from "./rules.ts";
import type { PlayerBody, World } from "./world.ts";

/** A bot's private state; World.brains holds one per bot, created on its first step. */
export interface BotBrain {
  /** Reused as the bot's output every step. */
  readonly input: InputFrame;
  wanderX: number;
  wanderY: number;
  /** Until then the bot ignores pickups and follows its wander point (set when it got stuck). */
  detourUntil: number;
  /** Progress watchdog: where the bot was at the last check, and when the next check is. */
  checkX: number;
  checkY: number;
  checkAt: number;
  /** -1 or 1: which way the bot circles its target; flips at strafeUntil. */
  strafe: number;
  strafeUntil: number;
}

/** The player id the room gives its n-th bot (PROTOCOL: bots by `bot-N`). */
export function botId(n: number): string {
  return `bot-${n}`;
}

/** A display name for the n-th bot (counting from 1, like botId): a call-sign, numbered once they run out. */
export function botName(n: number): string {
  const i = Math.max(0, Math.trunc(n) - 1);
  const lap = Math.floor(i / BOT_NAMES.length);
  const call = BOT_NAMES[i % BOT_NAMES.length]!;
  return lap === 0 ? call : `${call}-${lap + 1}`;
}

/**
 * The bot's input for this step. With a living enemy in range and a clear shot it closes to about
 * KEEP_DISTANCE, circles, and fires with a little aim jitter; otherwise it wanders between spawn points,
 * heading for the nearest health pack when hurt. The returned frame is reused on the next call.
 */
export function botInput(world: World, bot: PlayerBody): InputFrame {
  const brain = brainOf(world, bot);
  const out = brain.input;
  out.dx = 0;
  out.dy = 0;
  out.aim = bot.angle;
  out.fire = false;
  if (!bot.alive) return out;
  watchProgress(world, bot, brain);
  const target = nearestEnemy(world, bot);
  if (target !== undefined && clearLine(world, bot.x, bot.y, target.x, target.y, PROJECTILE_RADIUS)) {
    fight(world, bot, target, brain, out);
  } else {
    wander(world, bot, brain, out);
  }
  return out;
}

const BOT_NAMES = [
  "Ada", "Blaze", "Cinder", "Dash", "Echo", "Flint", "Gale", "Hex",
  "Ion", "Jinx", "Kite", "Lynx", "Moss", "Nova", "Onyx", "Pike",
];

/** Close enough to hit reliably, far enough that the target has to aim. */
const KEEP_DISTANCE = 250;
const KEEP_SLACK = 50;
const STRAFE = 0.6;
const AIM_JITTER = 0.06;
/** A projectile's full flight; beyond it firing only wastes the cooldown. */
const FIRE_RANGE = (PROJECTILE_SPEED * PROJECTILE_LIFE_MS) / 1000;
const HURT_HP = MAX_HP / 2;
const ARRIVED = 40;
/** Moving under STUCK_DISTANCE per CHECK_MS (a free bot covers 300) means a wall is in the way. */
const CHECK_MS = 1000;
const STUCK_DISTANCE = 60;
const DETOUR_MS = 2500;
/** A path this far from every wall fits a player; a hair under the radius so touching a wall still counts as free. */
const WALK_CLEARANCE = PLAYER_RADIUS - 1;

function brainOf(world: World, bot: PlayerBody): BotBrain {
  let brain = world.brains.get(bot.id);
  if (brain === undefined) {
    brain = {
      input: { seq: 0, dx: 0, dy: 0, aim: 0, fire: false },
      wanderX: bot.x,
      wanderY: bot.y,
      detourUntil: 0,
      checkX: bot.x,
      checkY: bot.y,
      checkAt: world.time + CHECK_MS,
      strafe: 1,
      strafeUntil: 0,
    };
    world.brains.set(bot.id, brain);
  }
  return brain;
}

function watchProgress(world: World, bot: PlayerBody, brain: BotBrain): void {
  if (world.time < brain.checkAt) return;
  const mx = bot.x - brain.checkX;
  const my = bot.y - brain.checkY;
  if (mx * mx + my * my < STUCK_DISTANCE * STUCK_DISTANCE) {
    chooseWanderPoint(world, bot, brain);
    brain.detourUntil = world.time + DETOUR_MS;
    brain.strafe = -brain.strafe;
  }
  brain.checkX = bot.x;
  brain.checkY = bot.y;
  brain.checkAt = world.time + CHECK_MS;
}

function nearestEnemy(world: World, bot: PlayerBody): PlayerBody | undefined {
  let nearest: PlayerBody | undefined;
  let best = INTEREST_RADIUS * INTEREST_RADIUS;
  for (const other of world.players.values()) {
    if (other === bot || !other.alive) continue;
    const dx = other.x - bot.x;
    const dy = other.y - bot.y;
    const d = dx * dx + dy * dy;
    if (d <= best) {
      best = d;
      nearest = other;
    }
  }
  return nearest;
}

function fight(world: World, bot: PlayerBody, target: PlayerBody, brain: BotBrain, out: InputFrame): void {
  const dx = target.x - bot.x;
  const dy = target.y - bot.y;
  const dist = Math.sqrt(dx * dx + dy * dy);
  if (world.time >= brain.strafeUntil) {
    brain.strafe = world.rng.next() < 0.5 ? -1 : 1;
    brain.strafeUntil = world.time + world.rng.range(600, 1800);
  }
  if (dist > 0) {
    const ux = dx / dist;
    const uy = dy / dist;
    const radial = dist > KEEP_DISTANCE + KEEP_SLACK ? 1 : dist < KEEP_DISTANCE - KEEP_SLACK ? -1 : 0;
    out.dx = radial * ux - brain.strafe * STRAFE * uy;
    out.dy = radial * uy + brain.strafe * STRAFE * ux;
  }
  out.aim = Math.atan2(dy, dx) + world.rng.range(-AIM_JITTER, AIM_JITTER);
  out.fire = world.time >= bot.nextFireAt && dist <= FIRE_RANGE;
}

function wander(world: World, bot: PlayerBody, brain: BotBrain, out: InputFrame): void {
  let tx = brain.wanderX;
  let ty = brain.wanderY;
  const pack = bot.hp <= HURT_HP && world.time >= brain.detourUntil ? nearestActivePickup(world, bot) : undefined;
  if (pack !== undefined) {
    tx = pack.x;
    ty = pack.y;
  } else if (square(tx - bot.x) + square(ty - bot.y) < ARRIVED * ARRIVED) {
    chooseWanderPoint(world, bot, brain);
    tx = brain.wanderX;
    ty = brain.wanderY;
  }
  const dx = tx - bot.x;
  const dy = ty - bot.y;
  const dist = Math.sqrt(dx * dx + dy * dy);
  if (dist === 0) return;
  out.dx = dx / dist;
  out.dy = dy / dist;
  out.aim = Math.atan2(dy, dx);
}

/**
 * A spawn point the bot can walk to in a straight line, searched from a random one onward; if none is
 * clear (rare), the random one, and the watchdog will try again.
 */
function chooseWanderPoint(world: World, bot: PlayerBody, brain: BotBrain): void {
  const first = world.rng.int(SPAWN_POINTS.length);
  for (let k = 0; k < SPAWN_POINTS.length; k++) {
    const p = SPAWN_POINTS[(first + k) % SPAWN_POINTS.length]!;
    const far = square(p.x - bot.x) + square(p.y - bot.y) >= ARRIVED * ARRIVED;
    if (far && clearLine(world, bot.x, bot.y, p.x, p.y, WALK_CLEARANCE)) {
      brain.wanderX = p.x;
      brain.wanderY = p.y;
      return;
    }
  }
  brain.wanderX = SPAWN_POINTS[first]!.x;
  brain.wanderY = SPAWN_POINTS[first]!.y;
}

function nearestActivePickup(world: World, bot: PlayerBody): { x: number; y: number } | undefined {
  let nearest: { x: number; y: number } | undefined;
  let best = Infinity;
  for (const pickup of world.pickups.values()) {
    if (!pickup.active) continue;
    const d = square(pickup.x - bot.x) + square(pickup.y - bot.y);
    if (d < best) {
      best = d;
      nearest = pickup;
    }
  }
  return nearest;
}

function clearLine(world: World, x0: number, y0: number, x1: number, y1: number, pad: number): boolean {
  return firstWallHit(x0, y0, x1, y1, world.walls, pad) < 0;
}

function square(v: number): number {
  return v * v;
}
