import { after, test } from "node:test";
import assert from "node:assert/strict";
import { runEcho, PER_CLIENT_MAX_PER_SECOND, type EchoSideResult } from "../../bench/scenarios/echo.ts";
import { liveChildren, stopAllChildren } from "../../bench/lib/processes.ts";

after(() => stopAllChildren());

test("the echo bench, at 5 clients for 1 s, gets round trips from Arena and from raw ws and stops its processes", { timeout: 30_000 }, async () => {
  const result = await runEcho({ clients: [5], warmupMs: 200, durationMs: 1000, headlineClients: 5, attempts: 1, quietWaitMs: 0 });

  assert.equal(result.perClientMaxPerSecond, PER_CLIENT_MAX_PER_SECOND);
  for (const [side, target] of [
    [result.product, "arena"],
    [result.reference, "raw-ws-echo"],
  ] as const) {
    assertSide(side, target);
  }
  assert.equal(result.ratio.clients, 5);
  assert.ok(result.ratio.roundTripsPerSecond > 0);
  assert.equal(liveChildren(), 0);
});

function assertSide(side: EchoSideResult, target: string): void {
  assert.equal(side.target, target);
  assert.equal(side.clients, 5);
  assert.equal(side.steps.length, 1);
  const [step] = side.steps;
  assert.equal(step.connected, 5);
  assert.equal(step.connectFailed, 0);
  assert.ok(step.roundTrips > 0, `${target}: no round trips`);
  // Paced under the limit: never above 5 clients × 19/s, and nothing refused.
  assert.ok(step.roundTripsPerSecond <= 5 * PER_CLIENT_MAX_PER_SECOND + 1, `${target}: ${step.roundTripsPerSecond}/s is above the pace`);
  assert.deepEqual(step.refused, {});
  assert.equal(step.timeouts, 0);
  assert.equal(step.dropped, 0);
  assert.ok(step.p50Ms > 0 && step.p50Ms <= step.p99Ms, `${target}: p50 ${step.p50Ms} p99 ${step.p99Ms}`);
  for (const field of ["serverCpu", "serverCpuUsPerRoundTrip", "othersOnServerCore", "othersOnLoadCore"] as const) {
    assert.ok(step[field] === null || step[field] >= 0, `${target}: ${field} = ${step[field]}`);
  }
  assert.ok(step.loadGeneratorCpu > 0 && step.loadGeneratorEventLoop > 0);
  assert.equal(step.attempts, 1);
  assert.equal(side.roundTripsPerSecond, step.roundTripsPerSecond);
  assert.equal(side.p50Ms, step.p50Ms);
  assert.equal(side.p99Ms, step.p99Ms);
}
