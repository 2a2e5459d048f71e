import { test } from "node:test";
import assert from "node:assert/strict";
import { held } from "../../bench/scenarios/arena.ts";
import type { ArenaStep, SideRun } from "../../bench/scenarios/arena-common.ts";

// How a ramp is read into "clients held": the headline figure, so its reading is tested on made-up steps.

function step(clients: number, outcome: "holds" | "fails" | "load-limited" | "disturbed"): ArenaStep {
  const holds = outcome === "holds";
  return {
    clients,
    holds,
    failing: holds ? [] : ["least-served client got 90 % of patches"],
    loadLimited: outcome === "load-limited",
    disturbed: outcome === "disturbed",
    serverCpu: 0.8,
  } as ArenaStep;
}

function ramp(...steps: ArenaStep[]): SideRun {
  return { side: "reference", target: "naive-arena", steps };
}

test("the largest step that holds below the server's first failure is what a side holds", () => {
  const reading = held(ramp(step(96, "holds"), step(304, "holds"), step(496, "fails"), step(624, "holds")));
  assert.equal(reading.clientsHeld, 304);
  assert.equal(reading.clientsHeldAtMost, 304);
  assert.match(reading.limitedBy, /^server at 496/);
});

test("a step limited by the load generator or disturbed is not the server's failure, and may have held", () => {
  const reading = held(ramp(step(96, "holds"), step(304, "holds"), step(496, "load-limited"), step(624, "disturbed"), step(752, "fails")));
  assert.equal(reading.clientsHeld, 304);
  assert.equal(reading.clientsHeldAtMost, 624);
  assert.match(reading.limitedBy, /^server at 752: .*not counted: 496 \(load-limited, server at 80 % CPU/);
});

test("a load-limited step that held still counts as held", () => {
  const reading = held(ramp(step(96, "holds"), step(304, "load-limited"), step(496, "holds"), step(624, "fails")));
  assert.equal(reading.clientsHeld, 496);
  assert.equal(reading.clientsHeldAtMost, 496);
});

test("a ramp that never failed on the server's account says so", () => {
  const reading = held(ramp(step(96, "holds"), step(304, "load-limited")));
  assert.equal(reading.clientsHeld, 96);
  assert.equal(reading.clientsHeldAtMost, 304);
  assert.match(reading.limitedBy, /^no failure counted against the server/);
});
