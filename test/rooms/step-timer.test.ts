import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import { test } from "node:test";
import { StepTimer } from "../../src/rooms/arena/stepTimer.ts";

const STEP_MS = 20;

/** Blocks the whole process, as a burst of other work would. */
function stall(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

/** Runs a StepTimer until `steps` steps ran, calling `onStep(n)` in each; resolves with their start times. */
function runSteps(
  steps: number,
  onStep: (n: number) => void = () => undefined,
): Promise<{ firstDue: number; at: number[]; order: string[]; dropped: number[] }> {
  return new Promise((resolve) => {
    const at: number[] = [];
    const order: string[] = [];
    const dropped: number[] = [];
    const startedAt = performance.now();
    const timer = new StepTimer(STEP_MS, () => {
      at.push(performance.now());
      order.push("step");
      // A microtask queued in a step runs before the next step only if that step has a callback of its own.
      queueMicrotask(() => order.push("after"));
      onStep(at.length);
      if (at.length === steps) {
        timer.stop();
        resolve({ firstDue, at, order, dropped });
      }
    }, (count) => dropped.push(count));
    // When start() puts the first step: a step from now, then on to the timer's phase.
    const firstDue = startedAt + STEP_MS + ((((timer.phase - startedAt) % STEP_MS) + STEP_MS) % STEP_MS);
    timer.start();
  });
}

test("after a stall, the missed steps run one per callback and the deadlines do not move", async () => {
  const { firstDue, at, order, dropped } = await runSteps(12, (n) => {
    if (n === 3) stall(3 * STEP_MS + 5);
  });
  assert.deepEqual(dropped, [], "no step was dropped");
  // Step n is never early: it runs at or after its deadline (timers may round down by under 1 ms).
  at.forEach((t, i) => assert.ok(t - firstDue >= i * STEP_MS - 1, `step ${i + 1} at ${(t - firstDue).toFixed(1)} ms after step 1's deadline`));
  // The stall's missed steps ran back to back...
  assert.ok(at[4]! - at[3]! < STEP_MS / 2, `step 5 came ${(at[4]! - at[3]!).toFixed(1)} ms after step 4`);
  // ...each in its own callback...
  assert.deepEqual(order, Array.from({ length: 12 }, () => ["step", "after"]).flat());
  // ...so by step 12 the timer is back on its original deadlines rather than 3 steps behind.
  assert.ok(at[11]! - firstDue < 12 * STEP_MS, `step 12 at ${(at[11]! - firstDue).toFixed(1)} ms after step 1's deadline`);
});

test("timers created together step at phases spread over the step, each starting at its own", async () => {
  const timers = Array.from({ length: 8 }, () => new StepTimer(STEP_MS, () => undefined));
  const phases = timers.map((timer) => timer.phase).sort((a, b) => a - b);
  const gaps = phases.map((phase, i) => (i + 1 < phases.length ? phases[i + 1]! : phases[0]! + STEP_MS) - phase);
  assert.ok(Math.min(...gaps) > STEP_MS / 12, `phases ${phases.map((p) => p.toFixed(2)).join(", ")}`);
  assert.ok(Math.max(...gaps) < 2.7 * Math.min(...gaps), `gaps ${gaps.map((g) => g.toFixed(2)).join(", ")}`);

  // A timer's steps fall at its phase on the performance clock (give or take timer jitter).
  const timer = new StepTimer(STEP_MS, () => {
    timer.stop();
    stepped(performance.now());
  });
  let stepped!: (at: number) => void;
  const firstAt = new Promise<number>((resolve) => (stepped = resolve));
  timer.start();
  const off = ((((await firstAt) - timer.phase) % STEP_MS) + STEP_MS) % STEP_MS;
  assert.ok(Math.min(off, STEP_MS - off) < 5, `step 1 came ${off.toFixed(1)} ms past the timer's phase`);
});

test("after a stall longer than the backlog it may owe (5 steps), the timer starts afresh from then", async () => {
  const { at, dropped } = await runSteps(6, (n) => {
    if (n === 2) stall(12 * STEP_MS);
  });
  // Step 3 was due a step after step 2 began, so about 11 steps were due when the stall ended: all
  // but the one that runs are dropped, and the room hears how many.
  assert.equal(dropped.length, 1);
  assert.ok(dropped[0]! >= 10 && dropped[0]! <= 14, `${dropped[0]} steps dropped`);
  // No burst of missed steps after the stall: the steps keep their pace (give or take timer jitter).
  for (let i = 3; i < at.length; i++) {
    assert.ok(at[i]! - at[i - 1]! >= STEP_MS / 2, `steps ${i} and ${i + 1} ${(at[i]! - at[i - 1]!).toFixed(1)} ms apart`);
  }
});

test("stop() ends the steps", async () => {
  let steps = 0;
  const timer = new StepTimer(STEP_MS, () => {
    steps++;
    if (steps === 2) timer.stop();
  });
  timer.start();
  // Proving that nothing more runs takes a wait: five steps' worth.
  await new Promise((resolve) => setTimeout(resolve, 5 * STEP_MS + 2 * STEP_MS + 20));
  assert.equal(steps, 2);
});
