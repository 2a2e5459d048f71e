import assert from "node:assert/strict";
import { test } from "node:test";
import { PICKUP_POINTS, createWorld, step } from "../../src/sim/index.ts";
import { arena, inputs, place, run } from "./helpers.ts";

function packWorld() {
  const world = arena("playing");
  const pack = world.pickups.get("pickup-2")!;
  const a = place(world, "a", pack.x, pack.y);
  place(world, "b", 2900, 100);
  return { world, pack, a };
}

test("a new world holds one active pickup per pickup point", () => {
  const world = createWorld({ seed: 1 });
  assert.deepEqual(
    [...world.pickups.values()].map((p) => [p.id, p.x, p.y, p.active, p.respawnAt]),
    PICKUP_POINTS.map((p, i) => [`pickup-${i}`, p.x, p.y, true, 0]),
  );
});

test("a hurt player touching an active pack heals 50 and the pack goes inactive for 15 s", () => {
  const { world, pack, a } = packWorld();
  a.hp = 30;
  step(world, inputs());
  assert.equal(a.hp, 80);
  assert.equal(pack.active, false);
  assert.equal(pack.respawnAt, world.time + 15000);
});

test("healing is capped at 100", () => {
  const { world, a } = packWorld();
  a.hp = 75;
  step(world, inputs());
  assert.equal(a.hp, 100);
});

test("a player at full hp leaves the pack where it is", () => {
  const { world, pack, a } = packWorld();
  run(world, 5);
  assert.equal(a.hp, 100);
  assert.equal(pack.active, true);
});

test("a player walking onto a pack takes it when the circles first overlap", () => {
  const { world, pack, a } = packWorld();
  a.hp = 50;
  a.y = pack.y;
  a.x = pack.x - 36 - 10; // 36 = player radius + pickup radius
  step(world, inputs({ a: { dx: 1 } })); // now exactly touching: not yet
  assert.equal(pack.active, true);
  step(world, inputs({ a: { dx: 1 } }));
  assert.equal(pack.active, false);
  assert.equal(a.hp, 100);
});

test("a dead player does not take a pack", () => {
  const { world, pack, a } = packWorld();
  a.hp = 0;
  a.alive = false;
  a.respawnAt = 1e12;
  step(world, inputs());
  assert.equal(pack.active, true);
});

test("a taken pack comes back exactly 15 s (450 steps) later", () => {
  const { world, pack, a } = packWorld();
  a.hp = 10;
  step(world, inputs());
  const takenAt = world.time;
  a.x = 1500;
  a.y = 250;
  run(world, 449);
  assert.equal(pack.active, false);
  step(world, inputs());
  assert.equal(world.time, takenAt + 15000);
  assert.equal(pack.active, true);
  assert.equal(pack.respawnAt, 0);
});
