import assert from "node:assert/strict";
import { test } from "node:test";
import {
  MAX_HP,
  MAX_REWIND_TRAVEL,
  PLAYER_RADIUS,
  SPAWN_POINTS,
  WALLS,
  advanceProjectiles,
  circleOverlapsWall,
  damage,
  removePlayer,
  segmentHitsCircle,
  step,
  type KillEvent,
  type TargetLens,
} from "../../src/sim/index.ts";
import { OPEN_Y, arena, inputs, place, run } from "./helpers.ts";

const FIRE_RIGHT = inputs({ a: { aim: 0, fire: true } });
const IDLE = inputs();

test("a projectile leaves the shooter's edge along its aim and flies 30 units per step", () => {
  const world = arena("waiting");
  place(world, "a", 200, OPEN_Y);
  step(world, FIRE_RIGHT);
  const shot = world.projectiles.get("p1")!;
  assert.deepEqual([shot.ownerId, shot.x, shot.y, shot.vx, shot.vy, shot.angle], ["a", 220, OPEN_Y, 900, 0, 0]);
  run(world, 10);
  assert.equal(shot.x, 220 + 300);
  assert.equal(shot.y, OPEN_Y);
});

test("a projectile is gone exactly 1 s (30 steps) after it was fired", () => {
  const world = arena("waiting");
  place(world, "a", 200, OPEN_Y);
  step(world, FIRE_RIGHT);
  assert.equal(world.projectiles.get("p1")!.expiresAt, world.time + 1000);
  run(world, 29);
  assert.equal(world.projectiles.get("p1")!.x, 220 + 29 * 30);
  step(world, IDLE);
  assert.equal(world.projectiles.size, 0);
});

test("a projectile that reaches a wall is removed", () => {
  const world = arena("waiting");
  place(world, "a", 1500, 800, Math.PI / 2); // centre box's top wall starts at y = 1000
  step(world, inputs({ a: { aim: Math.PI / 2, fire: true } }));
  assert.equal(world.projectiles.get("p1")!.y, 820);
  run(world, 5); // 970: its edge (radius 6) is 24 short of the wall
  assert.equal(world.projectiles.get("p1")!.y, 970);
  step(world, IDLE);
  assert.equal(world.projectiles.size, 0);
});

test("a hit does 25 damage and consumes the projectile", () => {
  const world = arena("playing");
  place(world, "a", 200, OPEN_Y);
  const b = place(world, "b", 500, OPEN_Y);
  step(world, FIRE_RIGHT);
  run(world, 15);
  assert.equal(b.hp, MAX_HP - 25);
  assert.equal(world.projectiles.size, 0);
});

test("a projectile never hits its owner", () => {
  const world = arena("waiting");
  const a = place(world, "a", 200, OPEN_Y);
  step(world, FIRE_RIGHT);
  run(world, 3, inputs({ a: { dx: 1 } })); // walking into its own shot's path
  assert.equal(a.hp, MAX_HP);
  assert.equal(world.projectiles.size, 1);
});

test("four hits kill while playing: alive=false, hp 0, deaths+1, killer kills+1 and score+1", () => {
  const world = arena("playing");
  const a = place(world, "a", 200, OPEN_Y);
  const b = place(world, "b", 500, OPEN_Y);
  const kills: KillEvent[] = [];
  const hpAfterHits: number[] = [];
  for (let i = 0; i < 60 && b.alive; i++) {
    const before = b.hp;
    kills.push(...step(world, FIRE_RIGHT).kills);
    if (b.hp !== before) hpAfterHits.push(b.hp);
  }
  assert.deepEqual(hpAfterHits, [75, 50, 25, 0]);
  assert.equal(b.alive, false);
  assert.deepEqual([b.deaths, a.kills, a.score, a.deaths, b.score], [1, 1, 1, 0, 0]);
  assert.deepEqual(kills, [{ killerId: "a", victimId: "b" }]);
  assert.equal(b.respawnAt, world.time + 3000);
});

test("in the warm-up a kill kills but scores nothing", () => {
  const world = arena("waiting");
  const a = place(world, "a", 200, OPEN_Y);
  const b = place(world, "b", 500, OPEN_Y);
  const kills: KillEvent[] = [];
  for (let i = 0; i < 4; i++) damage(world, b, a, kills);
  assert.equal(b.alive, false);
  assert.equal(b.hp, 0);
  assert.deepEqual([b.deaths, a.kills, a.score], [0, 0, 0]);
  assert.deepEqual(kills, [{ killerId: "a", victimId: "b" }]);
});

test("a dead player is not hit: the projectile flies through", () => {
  const world = arena("playing");
  place(world, "a", 200, OPEN_Y);
  const b = place(world, "b", 500, OPEN_Y);
  place(world, "c", 2900, 2900);
  b.alive = false;
  b.hp = 0;
  b.respawnAt = 1e12;
  step(world, FIRE_RIGHT);
  run(world, 15);
  assert.equal(b.hp, 0);
  assert.equal(world.projectiles.get("p1")!.x, 220 + 15 * 30);
});

test("a dead player respawns exactly 3 s later with full hp at a spawn point clear of walls", () => {
  const world = arena("playing");
  const a = place(world, "a", 200, OPEN_Y);
  const b = place(world, "b", 500, OPEN_Y);
  step(world, IDLE);
  for (let i = 0; i < 4; i++) damage(world, b, a, []);
  const diedAt = world.time;
  run(world, 89);
  assert.equal(b.alive, false);
  assert.ok(world.time < diedAt + 3000);
  step(world, IDLE);
  assert.equal(world.time, diedAt + 3000);
  assert.equal(b.alive, true);
  assert.equal(b.hp, MAX_HP);
  assert.equal(b.respawnAt, 0);
  assert.ok(SPAWN_POINTS.some((s) => s.x === b.x && s.y === b.y));
  for (const w of WALLS) assert.equal(circleOverlapsWall(b.x, b.y, PLAYER_RADIUS, w), false);
});

test("holding fire shoots every 8th step: never twice within 250 ms", () => {
  const world = arena("waiting");
  place(world, "a", 200, OPEN_Y);
  const firedAt: number[] = [];
  for (let i = 0; i < 33; i++) {
    const before = world.nextProjectileId;
    step(world, FIRE_RIGHT);
    if (world.nextProjectileId !== before) firedAt.push(world.tick);
  }
  assert.deepEqual(firedAt, [1, 9, 17, 25, 33]);
  const times = firedAt.map((t) => Math.round((t * 1000) / 30));
  for (let i = 1; i < times.length; i++) assert.ok(times[i]! - times[i - 1]! >= 250);
});

test("nobody can fire during the countdown", () => {
  const world = arena("countdown");
  place(world, "a", 200, OPEN_Y);
  place(world, "b", 2900, 2900);
  run(world, 5, FIRE_RIGHT);
  assert.equal(world.projectiles.size, 0);
});

test("a fast projectile cannot pass between two step positions of a target (swept hit)", () => {
  const world = arena("playing");
  place(world, "a", 200, OPEN_Y);
  // Samples land at x = 520 and 550, each 29 units from the target's centre; the path passes within 25.
  const b = place(world, "b", 535, OPEN_Y + 25);
  step(world, FIRE_RIGHT);
  run(world, 15);
  assert.equal(b.hp, 75);
  assert.equal(segmentHitsCircle(520, 0, 550, 0, 535, 25, 26) >= 0, true);
  assert.equal(segmentHitsCircle(520, 0, 550, 0, 535, 27, 26), -1);
});

test("a wall between shooter and target takes the shot", () => {
  const world = arena("playing");
  place(world, "a", 1500, 800, Math.PI / 2);
  const b = place(world, "b", 1500, 1150); // inside the centre box, behind its top wall
  run(world, 20, inputs({ a: { aim: Math.PI / 2, fire: true } }));
  assert.equal(b.hp, MAX_HP);
});

test("hits are judged through the lens: where the shooter saw the target, not where it is", () => {
  // As far from the live target as the lens may show it (MAX_REWIND_TRAVEL), less a unit.
  const SEEN_OFFSET = MAX_REWIND_TRAVEL - 1;
  const seen = { x: 0, y: 0 };
  const lens: TargetLens = {
    seenBy(shooterId, target) {
      assert.equal(shooterId, "a");
      // reuses one object, as the room's rewind may
      seen.x = target.id === "b" ? 500 : target.x;
      seen.y = target.id === "b" ? OPEN_Y + SEEN_OFFSET : target.y;
      return seen;
    },
  };
  const world = arena("playing");
  place(world, "a", 200, OPEN_Y);
  const b = place(world, "b", 500, OPEN_Y);
  step(world, FIRE_RIGHT, lens);
  for (let i = 0; i < 15; i++) step(world, IDLE, lens);
  assert.equal(b.hp, MAX_HP, "a shot at the live position misses");

  const aim = Math.atan2(SEEN_OFFSET, 300);
  run(world, 10); // cooldown
  step(world, inputs({ a: { aim, fire: true } }), lens);
  for (let i = 0; i < 15; i++) step(world, IDLE, lens);
  assert.equal(b.hp, MAX_HP - 25, "a shot at the seen position hits");
});

test("the lens is asked only about targets that could have been seen near the projectile's path", () => {
  const asked = new Set<string>();
  const lens: TargetLens = {
    seenBy(_shooterId, target) {
      asked.add(target.id);
      return target;
    },
  };
  const world = arena("playing");
  place(world, "a", 200, OPEN_Y);
  place(world, "near", 500, OPEN_Y + PLAYER_RADIUS + MAX_REWIND_TRAVEL); // clear of the line, within the lens's reach
  place(world, "far", 500, OPEN_Y + 400);
  step(world, FIRE_RIGHT, lens);
  for (let i = 0; i < 15; i++) step(world, IDLE, lens);
  assert.deepEqual([...asked], ["near"]);
});

test("bots' shots are judged against live positions, not the lens", () => {
  const lens: TargetLens = { seenBy: () => ({ x: -1000, y: -1000 }) };
  const world = arena("playing");
  place(world, "bot-1", 200, OPEN_Y, 0, true);
  const b = place(world, "b", 500, OPEN_Y);
  step(world, inputs({ "bot-1": { aim: 0, fire: true } }), lens);
  for (let i = 0; i < 15; i++) step(world, inputs({ "bot-1": {} }), lens);
  assert.equal(b.hp, 75);
});

test("a shooter who left still hurts with its flying projectile, but the kill credits no one", () => {
  const world = arena("playing");
  place(world, "a", 200, OPEN_Y);
  const b = place(world, "b", 500, OPEN_Y);
  place(world, "c", 2900, 2900);
  b.hp = 25;
  step(world, FIRE_RIGHT);
  removePlayer(world, "a");
  const kills: KillEvent[] = [];
  for (let i = 0; i < 15; i++) kills.push(...step(world, IDLE).kills);
  assert.equal(b.alive, false);
  assert.equal(b.deaths, 1);
  assert.deepEqual(kills, [{ killerId: null, victimId: "b" }]);
});

test("advanceProjectiles with no projectiles changes nothing", () => {
  const world = arena("playing");
  const kills: KillEvent[] = [];
  advanceProjectiles(world, kills);
  assert.deepEqual(kills, []);
});
