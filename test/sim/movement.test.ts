import assert from "node:assert/strict";
import { test } from "node:test";
import {
  PLAYER_RADIUS,
  WALLS,
  WORLD_HEIGHT,
  WORLD_WIDTH,
  circleOverlapsWall,
  sanitizeInput,
  step,
  wrapAngle,
  type InputFrame,
} from "../../src/sim/index.ts";
import { OPEN_Y, arena, distance, frame, inputs, place, run } from "./helpers.ts";

test("a player holding right for 30 steps (1 s) moves exactly 300 units", () => {
  const world = arena("waiting");
  const p = place(world, "a", 1000, OPEN_Y);
  run(world, 30, inputs({ a: { dx: 1 } }));
  assert.equal(p.x, 1300);
  assert.equal(p.y, OPEN_Y);
});

test("a diagonal moves the same distance per second as an axis", () => {
  const world = arena("waiting");
  const p = place(world, "a", 1000, 1000 - 700);
  run(world, 30, inputs({ a: { dx: 1, dy: 1 } }));
  const moved = distance(p, { x: 1000, y: 300 });
  assert.ok(Math.abs(moved - 300) < 1e-9, `moved ${moved}`);
  assert.ok(Math.abs(p.x - 1000 - 300 / Math.SQRT2) < 1e-9);
});

test("dx = 5 moves no faster than dx = 1, and NaN directions are treated as 0", () => {
  const world = arena("waiting");
  const p = place(world, "a", 1000, OPEN_Y);
  run(world, 30, inputs({ a: { dx: 5, dy: Number.NaN } }));
  assert.equal(p.x, 1300);
  assert.equal(p.y, OPEN_Y);
  run(world, 30, inputs({ a: { dx: -Infinity } }));
  assert.equal(p.x, 1000);
});

test("inputs are sanitized: clamped, normalized, aim wrapped, non-finite aim zeroed, fire only if true", () => {
  const out = frame();
  const bad = { seq: 3, dx: Number.NaN, dy: -7, aim: 3 * Math.PI, fire: 1 } as unknown as InputFrame;
  assert.deepEqual(sanitizeInput(bad, out), { seq: 3, dx: 0, dy: -1, aim: -Math.PI, fire: false });
  const diagonal = sanitizeInput(frame({ dx: 1, dy: -1, aim: Number.NaN, fire: true }), out);
  assert.ok(Math.abs(Math.hypot(diagonal.dx, diagonal.dy) - 1) < 1e-12);
  assert.equal(diagonal.aim, 0);
  assert.equal(diagonal.fire, true);
  assert.equal(wrapAngle(Math.PI / 2 + 4 * Math.PI), Math.PI / 2);
  assert.equal(wrapAngle(-Math.PI), -Math.PI);
  assert.equal(wrapAngle(Infinity), 0);
});

test("a player's angle follows its aim, wrapped to -π..π", () => {
  const world = arena("waiting");
  const p = place(world, "a", 1000, OPEN_Y);
  step(world, inputs({ a: { aim: 2 * Math.PI + 1 } }));
  assert.ok(Math.abs(p.angle - 1) < 1e-12);
});

test("a wall stops a player: it ends touching the wall and never overlaps it", () => {
  const world = arena("waiting");
  const wall = WALLS.find((w) => w.x === 1000 && w.y === 1200)!; // centre box, left side
  const p = place(world, "a", 900, 1500);
  const right = inputs({ a: { dx: 1 } });
  for (let i = 0; i < 30; i++) {
    step(world, right);
    assert.equal(circleOverlapsWall(p.x, p.y, PLAYER_RADIUS, wall), false);
  }
  assert.equal(p.x, wall.x - PLAYER_RADIUS);
  assert.equal(p.y, 1500);
});

test("a player pressing diagonally into a wall slides along it at the diagonal's axis speed", () => {
  const world = arena("waiting");
  const wall = WALLS.find((w) => w.x === 1000 && w.y === 1200)!;
  const p = place(world, "a", wall.x - PLAYER_RADIUS, 1300);
  run(world, 30, inputs({ a: { dx: 1, dy: 1 } }));
  assert.equal(p.x, wall.x - PLAYER_RADIUS);
  assert.ok(Math.abs(p.y - (1300 + 300 / Math.SQRT2)) < 1e-9, `y ${p.y}`);
});

test("a player sliding past a wall's corner never overlaps any wall", () => {
  const world = arena("waiting");
  const p = place(world, "a", 1100, 1100); // outside the centre box's top-left gap
  for (const dir of [{ dx: 1, dy: 1 }, { dx: -1, dy: 1 }, { dx: 0.3, dy: -1 }]) {
    for (let i = 0; i < 90; i++) {
      step(world, inputs({ a: dir }));
      for (const w of WALLS) assert.equal(circleOverlapsWall(p.x, p.y, PLAYER_RADIUS, w), false);
    }
  }
});

test("world edges hold a player inside the 3000 × 3000 world", () => {
  const world = arena("waiting");
  const p = place(world, "a", 100, 100);
  run(world, 60, inputs({ a: { dx: -1, dy: -1 } }));
  assert.equal(p.x, PLAYER_RADIUS);
  assert.equal(p.y, PLAYER_RADIUS);
  p.x = WORLD_WIDTH - 100;
  p.y = WORLD_HEIGHT - 100;
  run(world, 60, inputs({ a: { dx: 1, dy: 1 } }));
  assert.equal(p.x, WORLD_WIDTH - PLAYER_RADIUS);
  assert.equal(p.y, WORLD_HEIGHT - PLAYER_RADIUS);
});

test("lastInput becomes the applied seq; a player without input stands still", () => {
  const world = arena("waiting");
  const p = place(world, "a", 1000, OPEN_Y);
  step(world, inputs({ a: { seq: 41, dx: 1 } }));
  assert.equal(p.lastInput, 41);
  assert.equal(p.x, 1010);
  run(world, 10);
  assert.equal(p.lastInput, 41);
  assert.equal(p.x, 1010);
});

test("a step that catches up on an earlier input moves the player for both in turn, stopping at walls for each", () => {
  const world = arena("waiting");
  const p = place(world, "a", 1000, OPEN_Y);
  step(world, new Map([["a", frame({ seq: 8, dx: 1, aim: 1, earlier: frame({ seq: 7, dy: 1, aim: 2 }) })]]));
  assert.deepEqual({ x: p.x, y: p.y, angle: p.angle, lastInput: p.lastInput }, { x: 1010, y: OPEN_Y + 10, angle: 1, lastInput: 8 });
  // Against the top edge: the earlier input's move up is stopped there, the later one slides along it.
  const edge = arena("waiting");
  const q = place(edge, "b", 1000, PLAYER_RADIUS + 5);
  step(edge, new Map([["b", frame({ seq: 2, dx: 1, earlier: frame({ seq: 1, dy: -1 }) })]]));
  assert.deepEqual({ x: q.x, y: q.y }, { x: 1010, y: PLAYER_RADIUS });
});

test("a dead player does not move, but its input is still acknowledged", () => {
  const world = arena("waiting");
  const p = place(world, "a", 1000, OPEN_Y);
  p.alive = false;
  p.respawnAt = 1e12;
  step(world, inputs({ a: { seq: 5, dx: 1 } }));
  assert.equal(p.x, 1000);
  assert.equal(p.lastInput, 5);
});
