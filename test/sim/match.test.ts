import assert from "node:assert/strict";
import { test } from "node:test";
import {
  MAX_HP,
  SPAWN_POINTS,
  addPlayer,
  createWorld,
  damage,
  removePlayer,
  standings,
  step,
  type StepEvents,
  type World,
} from "../../src/sim/index.ts";
import { OPEN_Y, arena, inputs, place, run } from "./helpers.ts";

/** [tick, time, new phase] for every phase change over `count` idle steps. */
function phaseChanges(world: World, count: number): Array<[number, number, string]> {
  const changes: Array<[number, number, string]> = [];
  for (let i = 0; i < count; i++) {
    const events = step(world, inputs());
    if (events.phaseChanged !== undefined) changes.push([world.tick, world.time, events.phaseChanged]);
  }
  return changes;
}

function twoPlayerWorld(matchSeconds = 30, scoreLimit = 20): World {
  const world = createWorld({ seed: 9, matchSeconds, scoreLimit });
  addPlayer(world, "a", "Alice");
  addPlayer(world, "b", "Bob");
  return world;
}

test("a lone player keeps the world waiting, open-ended", () => {
  const world = createWorld({ seed: 1 });
  addPlayer(world, "a", "Alice");
  assert.deepEqual(phaseChanges(world, 300), []);
  assert.equal(world.phase, "waiting");
  assert.equal(world.phaseEndsAt, 0);
});

test("waiting → countdown 3 s → playing matchSeconds → ended 10 s → countdown", () => {
  const world = twoPlayerWorld(30);
  const changes = phaseChanges(world, 1 + 90 + 900 + 300);
  assert.deepEqual(changes, [
    [1, 33, "countdown"],
    [91, 3033, "playing"],
    [991, 33033, "ended"],
    [1291, 43033, "countdown"],
  ]);
  assert.equal(world.phaseEndsAt, 43033 + 3000);
});

test("each phase publishes when it ends", () => {
  const world = twoPlayerWorld(30);
  step(world, inputs());
  assert.equal(world.phaseEndsAt, world.time + 3000);
  run(world, 90);
  assert.equal(world.phase, "playing");
  assert.equal(world.phaseEndsAt, world.time + 30000);
  run(world, 900);
  assert.equal(world.phase, "ended");
  assert.equal(world.phaseEndsAt, world.time + 10000);
});

test("the match ends when time runs out, with standings in the match_end event", () => {
  const world = twoPlayerWorld(30);
  const events: StepEvents[] = run(world, 991);
  const ends = events.filter((e) => e.matchEnd !== undefined);
  assert.equal(ends.length, 1);
  assert.deepEqual(ends[0]!.matchEnd, {
    standings: [
      { id: "a", name: "Alice", score: 0, kills: 0, deaths: 0 },
      { id: "b", name: "Bob", score: 0, kills: 0, deaths: 0 },
    ],
  });
});

test("reaching the score limit ends the match on the step of the winning kill", () => {
  const world = twoPlayerWorld(180, 1);
  run(world, 91);
  assert.equal(world.phase, "playing");
  const a = world.players.get("a")!;
  const b = world.players.get("b")!;
  a.x = 200;
  a.y = OPEN_Y;
  b.x = 500;
  b.y = OPEN_Y;
  b.hp = 25;
  let end: StepEvents | undefined;
  for (let i = 0; i < 20 && end === undefined; i++) {
    const events = step(world, inputs({ a: { aim: 0, fire: i === 0 } }));
    if (events.kills.length > 0) end = events;
  }
  assert.equal(end!.phaseChanged, "ended");
  assert.deepEqual(end!.kills, [{ killerId: "a", victimId: "b" }]);
  assert.deepEqual(end!.matchEnd!.standings.map((s) => [s.id, s.score, s.kills, s.deaths]), [
    ["a", 1, 1, 0],
    ["b", 0, 0, 1],
  ]);
  assert.equal(world.projectiles.size, 0);
});

test("the countdown starts a fresh round: stats zeroed, everyone respawned with full hp, projectiles cleared", () => {
  const world = arena("waiting");
  const a = place(world, "a", 200, OPEN_Y);
  const b = place(world, "b", 500, OPEN_Y);
  Object.assign(a, { score: 3, kills: 3, deaths: 2, hp: 25 });
  for (let i = 0; i < 4; i++) damage(world, b, a, []);
  world.pickups.get("pickup-0")!.active = false;
  const events = step(world, inputs({ a: { aim: 0, fire: true } }));
  assert.equal(events.phaseChanged, "countdown");
  for (const p of [a, b]) {
    assert.deepEqual([p.alive, p.hp, p.score, p.kills, p.deaths, p.respawnAt], [true, MAX_HP, 0, 0, 0, 0]);
    assert.ok(SPAWN_POINTS.some((s) => s.x === p.x && s.y === p.y));
  }
  assert.notDeepEqual([a.x, a.y], [b.x, b.y]);
  assert.equal(world.projectiles.size, 0);
  assert.equal(world.pickups.get("pickup-0")!.active, true);
});

test("players may move during the countdown", () => {
  const world = twoPlayerWorld();
  step(world, inputs());
  const a = world.players.get("a")!;
  const x = a.x;
  step(world, inputs({ a: { dx: x < 1500 ? 1 : -1 } }));
  assert.equal(Math.abs(a.x - x), 10);
});

test("falling below 2 players during the countdown returns to waiting", () => {
  const world = twoPlayerWorld();
  step(world, inputs());
  removePlayer(world, "b");
  const events = step(world, inputs());
  assert.equal(events.phaseChanged, "waiting");
  assert.equal(world.phaseEndsAt, 0);
});

test("falling below 2 players while playing ends the match", () => {
  const world = twoPlayerWorld();
  run(world, 91);
  removePlayer(world, "b");
  const events = step(world, inputs());
  assert.equal(events.phaseChanged, "ended");
  assert.deepEqual(events.matchEnd!.standings.map((s) => s.id), ["a"]);
});

test("ended freezes the world: inputs move and fire nothing but are acknowledged", () => {
  const world = twoPlayerWorld(30);
  run(world, 991);
  assert.equal(world.phase, "ended");
  const a = world.players.get("a")!;
  const [x, y, angle] = [a.x, a.y, a.angle];
  run(world, 30, inputs({ a: { seq: 77, dx: 1, dy: 1, aim: 2, fire: true } }));
  assert.deepEqual([a.x, a.y, a.angle, a.lastInput], [x, y, angle, 77]);
  assert.equal(world.projectiles.size, 0);
});

test("after ended with one player left, the world returns to waiting with a fresh round", () => {
  const world = twoPlayerWorld(30);
  run(world, 991);
  world.players.get("a")!.score = 5;
  removePlayer(world, "b");
  const changes = phaseChanges(world, 300);
  assert.deepEqual(changes, [[1291, 43033, "waiting"]]);
  assert.equal(world.phaseEndsAt, 0);
  assert.equal(world.players.get("a")!.score, 0);
});

test("standings sort by score desc, then kills desc, then deaths asc, then id", () => {
  const world = arena("waiting");
  const rows: Array<[string, number, number, number]> = [
    ["e", 1, 1, 0],
    ["d", 2, 2, 5],
    ["c", 2, 3, 9],
    ["b", 2, 2, 1],
    ["a", 2, 2, 1],
    ["f", 0, 4, 0],
  ];
  for (const [id, score, kills, deaths] of rows) Object.assign(place(world, id, 100, 100), { score, kills, deaths });
  assert.deepEqual(
    standings(world).map((s) => s.id),
    ["c", "a", "b", "d", "e", "f"],
  );
  assert.deepEqual(standings(world)[0], { id: "c", name: "c", score: 2, kills: 3, deaths: 9 });
});
