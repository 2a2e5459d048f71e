import assert from "node:assert/strict";
import { test } from "node:test";
import { Random } from "../../src/sim/index.ts";

function draw(rng: Random, n: number): number[] {
  return Array.from({ length: n }, () => rng.next());
}

test("the same seed gives the same sequence", () => {
  assert.deepEqual(draw(new Random(1234), 100), draw(new Random(1234), 100));
});

test("different seeds give different sequences", () => {
  assert.notDeepEqual(draw(new Random(1), 10), draw(new Random(2), 10));
});

test("next() stays in [0, 1), int(n) in 0..n-1 and range(a, b) in [a, b)", () => {
  const rng = new Random(7);
  const seen = new Set<number>();
  for (let i = 0; i < 10_000; i++) {
    const x = rng.next();
    assert.ok(x >= 0 && x < 1);
    const k = rng.int(6);
    assert.ok(Number.isInteger(k) && k >= 0 && k < 6);
    seen.add(k);
    const r = rng.range(-2, 3);
    assert.ok(r >= -2 && r < 3);
  }
  assert.equal(seen.size, 6);
});

test("a NaN seed behaves as seed 0 and int(0) is 0", () => {
  assert.deepEqual(draw(new Random(Number.NaN), 5), draw(new Random(0), 5));
  assert.equal(new Random(3).int(0), 0);
});
