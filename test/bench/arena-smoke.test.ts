import { after, test } from "node:test";
import { DEFAULT_PATCH_HZ } from "../../src/sim/index.ts";
import { OTHER_PATCH_HZ, type ArenaStep } from "../../bench/scenarios/arena-common.ts";
import assert from "node:assert/strict";
import { runBandwidth, runCapacity, runInputLatency } from "../../bench/scenarios/arena.ts";
import { liveChildren, stopAllChildren } from "../../bench/lib/processes.ts";

after(() => stopAllChildren());

// Plumbing only: a handful of clients for a second, no timing asserts.
const tiny = { steps: [4], warmupMs: 300, durationMs: 1000, fullEvery: 2, threads: 1, quietWaitMs: 0, otherPatchRate: true };

function assertStep(step: ArenaStep, label: string): void {
  assert.equal(step.clients, 4, label);
  assert.equal(step.connected, 4, `${label}: ${step.connectError}`);
  assert.equal(step.connectFailed, 0, label);
  assert.equal(step.rooms, 1, label);
  assert.ok(step.bytesPerClientPerSecond > 0, `${label}: no bytes`);
  assert.ok(step.patchesPerClientPerSecond > 0, `${label}: no patches`);
  assert.ok(step.ticksPerSecond > 0, `${label}: no ticks from the server`);
  assert.ok(step.inputAckSamples > 0, `${label}: no input acks`);
  assert.ok(step.sanityChecked > 0, `${label}: no sanity checks`);
  assert.equal(step.sanityFailed, 0, `${label}: ${step.sanityFailure}`);
  assert.equal(step.dropped, 0, label);
  assert.ok(step.loadGeneratorCpu > 0, label);
}

/**
 * Each product side really ran at its patch rate: its ARENA_PATCH_HZ reached the server. With 4 clients
 * the server keeps either rate, a patch after every step or after every other one, so what a side
 * received lies on its own side of the midpoint between them.
 */
function assertPatchRate(step: ArenaStep, patchHz: number): void {
  assert.equal(step.promisedPatchesPerSecond, patchHz);
  const midpoint = (OTHER_PATCH_HZ + DEFAULT_PATCH_HZ) / 2;
  const rate = `${step.patchesPerClientPerSecond} patches/s at ${patchHz}`;
  assert.ok(patchHz < midpoint ? step.patchesPerClientPerSecond < midpoint : step.patchesPerClientPerSecond > midpoint, rate);
}

function assertOtherRate(step: ArenaStep | undefined): void {
  assert.ok(step !== undefined, `arena at ${OTHER_PATCH_HZ} patches/s did not run`);
  assertStep(step, `arena at ${OTHER_PATCH_HZ} patches/s`);
  assertPatchRate(step, OTHER_PATCH_HZ);
}

test("the capacity bench ramps arena and the naive room with 4 clients and stops its processes", { timeout: 60_000 }, async () => {
  const result = await runCapacity(tiny);
  assertStep(result.product.steps[0]!, "arena");
  assertStep(result.reference.steps[0]!, "naive");
  assertPatchRate(result.product.steps[0]!, DEFAULT_PATCH_HZ);
  assert.equal(result.reference.steps[0]!.promisedPatchesPerSecond, 20);
  assertOtherRate(result.otherPatchRate?.steps[0]);
  assert.ok(typeof result.ratio.clientsHeld === "number");
  assert.equal(liveChildren(), 0);
});

test("the bandwidth bench measures arena with and without interest, at its other patch rate, and the naive room", { timeout: 60_000 }, async () => {
  const result = await runBandwidth(tiny);
  assertStep(result.product.steps.withInterest, "arena");
  assertStep(result.product.steps.withoutInterest, "arena, interest off");
  assertStep(result.reference.step, "naive");
  assertOtherRate(result.otherPatchRate?.step);
  assert.ok(result.ratio.bytesPerClientPerSecond > 0);
  assert.equal(liveChildren(), 0);
});

test("the input-latency bench times acks on full SDK clients", { timeout: 60_000 }, async () => {
  const result = await runInputLatency(tiny);
  assertOtherRate(result.otherPatchRate?.step);
  for (const side of [result.product, result.otherPatchRate!]) assert.ok(side.samples > 0 && side.p50Ms > 0 && side.p50Ms <= side.p99Ms);
  assert.equal(liveChildren(), 0);
});
