import assert from "node:assert/strict";
import { test } from "node:test";
import {
  CREATE_OPTIONS,
  PICKUP_POINTS,
  PICKUP_RADIUS,
  PLAYER_RADIUS,
  SPAWN_POINTS,
  STEP_HZ,
  STEP_MS,
  WALLS,
  WORLD_HEIGHT,
  WORLD_WIDTH,
  circleOverlapsWall,
} from "../../src/sim/index.ts";

function insideWorld(x: number, y: number, r: number): boolean {
  return x - r >= 0 && y - r >= 0 && x + r <= WORLD_WIDTH && y + r <= WORLD_HEIGHT;
}

test("no spawn point lets a player overlap a wall or the world edge", () => {
  assert.ok(SPAWN_POINTS.length >= 12 && SPAWN_POINTS.length <= 16);
  for (const p of SPAWN_POINTS) {
    assert.ok(insideWorld(p.x, p.y, PLAYER_RADIUS), `spawn ${p.x},${p.y} leaves the world`);
    for (const w of WALLS) assert.equal(circleOverlapsWall(p.x, p.y, PLAYER_RADIUS, w), false, `spawn ${p.x},${p.y}`);
  }
});

test("no pickup point overlaps a wall, and a player can stand on each", () => {
  assert.ok(PICKUP_POINTS.length >= 4 && PICKUP_POINTS.length <= 6);
  const r = Math.max(PICKUP_RADIUS, PLAYER_RADIUS);
  for (const p of PICKUP_POINTS) {
    assert.ok(insideWorld(p.x, p.y, r));
    for (const w of WALLS) assert.equal(circleOverlapsWall(p.x, p.y, r, w), false, `pickup ${p.x},${p.y}`);
  }
});

test("every wall lies inside the world and the map is symmetric in both mirrors", () => {
  assert.ok(WALLS.length >= 10 && WALLS.length <= 14);
  const key = (x: number, y: number, w: number, h: number) => `${x},${y},${w},${h}`;
  const all = new Set(WALLS.map((w) => key(w.x, w.y, w.width, w.height)));
  for (const w of WALLS) {
    assert.ok(w.x >= 0 && w.y >= 0 && w.x + w.width <= WORLD_WIDTH && w.y + w.height <= WORLD_HEIGHT);
    assert.ok(all.has(key(WORLD_WIDTH - w.x - w.width, w.y, w.width, w.height)), "left-right mirror");
    assert.ok(all.has(key(w.x, WORLD_HEIGHT - w.y - w.height, w.width, w.height)), "top-bottom mirror");
  }
});

test("create-option defaults lie inside their ranges", () => {
  for (const [name, range] of Object.entries(CREATE_OPTIONS)) {
    assert.ok(range.min <= range.default && range.default <= range.max, name);
  }
  assert.deepEqual(CREATE_OPTIONS.maxPlayers, { min: 2, max: 64, default: 16 });
  assert.deepEqual(CREATE_OPTIONS.bots, { min: 0, max: 63, default: 0 });
  assert.deepEqual(CREATE_OPTIONS.matchSeconds, { min: 30, max: 1800, default: 180 });
  assert.deepEqual(CREATE_OPTIONS.scoreLimit, { min: 1, max: 200, default: 20 });
});

test("the step is 30 Hz", () => {
  assert.equal(STEP_HZ, 30);
  assert.equal(STEP_MS, 1000 / 30);
});
