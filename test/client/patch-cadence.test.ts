import { test } from "node:test";
import assert from "node:assert/strict";
import { PatchCadence } from "../../client/src/patchCadence.ts";
import { STEP_MS } from "../../src/sim/rules.ts";

function cadenceAfter(ticks: number[]): number {
  const cadence = new PatchCadence();
  let ms = 0;
  for (const tick of ticks) ms = cadence.observe(tick);
  return ms;
}

test("a patch every step reads as one step, a patch every other step as two", () => {
  assert.equal(cadenceAfter([7, 8, 9, 10]), STEP_MS);
  assert.equal(cadenceAfter([7, 8, 10, 12, 14]), 2 * STEP_MS);
});

test("the join state's tick does not count: it may fall between two patches", () => {
  // Joined at step 7 of a room that patches on even steps: 7 → 8 is one step, the cadence two.
  assert.equal(cadenceAfter([7, 8, 10]), 2 * STEP_MS);
});

test("unknown until two patches have followed the join state; repeated or older ticks change nothing", () => {
  assert.equal(cadenceAfter([]), 0);
  assert.equal(cadenceAfter([7, 8]), 0);
  assert.equal(cadenceAfter([7, 8, 10, 10, 9, 12]), 2 * STEP_MS);
});

test("a late patch (a slow server, catch-up steps sent together) does not widen the cadence", () => {
  assert.equal(cadenceAfter([7, 8, 10, 14, 16, 19]), 2 * STEP_MS);
});
