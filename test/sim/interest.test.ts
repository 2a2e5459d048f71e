import assert from "node:assert/strict";
import { test } from "node:test";
import { INTEREST_RADIUS, withinInterest } from "../../src/sim/index.ts";

test("entities up to 1200 units away are within interest, farther ones are not", () => {
  assert.equal(INTEREST_RADIUS, 1200);
  const a = { x: 100, y: 100 };
  assert.equal(withinInterest(a, { x: 100 + 1200, y: 100 }), true);
  assert.equal(withinInterest(a, { x: 100 + 720, y: 100 + 960 }), true); // 3-4-5: exactly 1200
  assert.equal(withinInterest(a, { x: 100 + 1200.01, y: 100 }), false);
  assert.equal(withinInterest(a, { x: 100 + 849, y: 100 + 849 }), false); // 1200.67 diagonally
  assert.equal(withinInterest(a, a), true);
});
