import assert from "node:assert/strict";
import { test } from "node:test";
import {
  CREATE_OPTIONS,
  MAX_HP,
  SPAWN_POINTS,
  WALLS,
  addPlayer,
  createWorld,
  removePlayer,
} from "../../src/sim/index.ts";

test("a new world starts waiting at time 0 with the map, the pickups and no players", () => {
  const world = createWorld({ seed: 5, matchSeconds: 60, scoreLimit: 10 });
  assert.deepEqual(
    [world.time, world.tick, world.phase, world.phaseEndsAt, world.matchSeconds, world.scoreLimit, world.seed],
    [0, 0, "waiting", 0, 60, 10, 5],
  );
  assert.equal(world.walls, WALLS);
  assert.equal(world.players.size, 0);
  assert.equal(world.projectiles.size, 0);
  assert.equal(world.pickups.size, 6);
});

test("missing or nonsensical world options fall back to the protocol defaults", () => {
  const world = createWorld({ matchSeconds: Number.NaN, scoreLimit: -3 });
  assert.equal(world.matchSeconds, CREATE_OPTIONS.matchSeconds.default);
  assert.equal(world.scoreLimit, CREATE_OPTIONS.scoreLimit.default);
  assert.equal(world.seed, 0);
});

test("a joining player is alive with full hp and clean stats at a spawn point", () => {
  const world = createWorld({ seed: 5 });
  const p = addPlayer(world, "s1", "Sam");
  assert.deepEqual(
    [p.id, p.name, p.hp, p.alive, p.connected, p.bot, p.score, p.kills, p.deaths, p.lastInput, p.respawnAt],
    ["s1", "Sam", MAX_HP, true, true, false, 0, 0, 0, 0, 0],
  );
  assert.ok(SPAWN_POINTS.some((s) => s.x === p.x && s.y === p.y));
  assert.equal(addPlayer(world, "bot-1", "Ada", { bot: true }).bot, true);
});

test("a joining player spawns at the spawn point farthest from living players", () => {
  const world = createWorld({ seed: 5 });
  const a = addPlayer(world, "a", "A");
  a.x = 150;
  a.y = 150;
  const b = addPlayer(world, "b", "B");
  assert.deepEqual([b.x, b.y], [2850, 2850]);
  a.alive = false; // the dead hold no spawn point
  const c = addPlayer(world, "c", "C");
  assert.deepEqual([c.x, c.y], [150, 150]);
});

test("the first spawn point is chosen by the seed: same seed, same point", () => {
  const spawnOf = (seed: number) => {
    const p = addPlayer(createWorld({ seed }), "a", "A");
    return [p.x, p.y];
  };
  assert.deepEqual(spawnOf(11), spawnOf(11));
  const distinct = new Set(Array.from({ length: 20 }, (_, s) => spawnOf(s).join(",")));
  assert.ok(distinct.size > 1);
});

test("adding an id twice returns the existing player untouched", () => {
  const world = createWorld({ seed: 5 });
  const first = addPlayer(world, "a", "A");
  first.score = 4;
  const again = addPlayer(world, "a", "Other");
  assert.equal(again, first);
  assert.equal(again.name, "A");
  assert.equal(again.score, 4);
});

test("removing a player forgets it and its bot brain; removing twice is harmless", () => {
  const world = createWorld({ seed: 5 });
  addPlayer(world, "bot-1", "Ada", { bot: true });
  world.brains.set("bot-1", {} as never);
  assert.equal(removePlayer(world, "bot-1"), true);
  assert.equal(world.players.has("bot-1"), false);
  assert.equal(world.brains.has("bot-1"), false);
  assert.equal(removePlayer(world, "bot-1"), false);
});
