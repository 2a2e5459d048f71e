// What interest management puts on the wire, measured with Colyseus's own encoder and decoder on the
// room's real state, sync and views (no server: byte counts need a patch by patch view).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Decoder, Encoder, StateView } from "@colyseus/schema";
import type { Client } from "colyseus";
import { ArenaState } from "../../src/schema/ArenaState.ts";
import { Interest } from "../../src/rooms/arena/interest.ts";
import { createArenaState, syncArenaState } from "../../src/rooms/arena/stateSync.ts";
import { FIRE_COOLDOWN_MS, STEP_MS, step } from "../../src/sim/index.ts";
import { OPEN_Y, arena, inputs, place } from "../sim/helpers.ts";

/** One room's state with a viewer "a" next to a shooter "b", and what a's client decodes. */
function setup() {
  const world = arena("playing");
  place(world, "a", 400, OPEN_Y);
  place(world, "b", 600, OPEN_Y);
  const state = createArenaState(world);
  syncArenaState(world, state);
  const interest = new Interest(world, state);
  const encoder = new Encoder(state);
  const viewer = { sessionId: "a", view: undefined as StateView | undefined } as unknown as Client;
  interest.attach(viewer, false);
  const decoded = new ArenaState();
  const decoder = new Decoder(decoded);
  const it = { offset: 0 };
  encoder.encodeAll(it);
  decoder.decode(encoder.encodeAllView(viewer.view!, it.offset, it));
  encoder.discardChanges();

  /** Steps with `b`'s input, then sends a its patch; returns the patch's size. */
  const patch = (fire: boolean): number => {
    step(world, inputs({ b: { aim: Math.PI / 2, fire } }));
    syncArenaState(world, state);
    interest.refreshAll([viewer]);
    const shared = { offset: 0 };
    encoder.encode(shared);
    const bytes = encoder.encodeView(viewer.view!, shared.offset, shared);
    decoder.decode(bytes);
    encoder.discardChanges();
    return bytes.length;
  };
  return { world, decoded, patch };
}

const FIRE_COOLDOWN_STEPS = Math.ceil(FIRE_COOLDOWN_MS / STEP_MS);

describe("arena interest on the wire", () => {
  test("a projectile fired in view reaches the viewer once, in its launch fields and one map entry", () => {
    const { world, decoded, patch } = setup();
    patch(true); // the first projectile a view receives also binds the projectiles map in it
    for (let i = 0; i < FIRE_COOLDOWN_STEPS; i++) patch(false);
    const quiet = patch(false);
    const launch = patch(true);

    const [id, body] = [...world.projectiles.entries()].at(-1)!;
    const seen = decoded.projectiles.get(id);
    assert.ok(seen, "the viewer decoded the projectile");
    assert.deepEqual([seen.ownerId, seen.x, seen.y, seen.firedAt], ["b", Math.round(body.x), Math.round(body.y), world.time]);
    assert.ok(Math.abs(seen.angle - body.angle) < 1e-4, `angle ${seen.angle}, fired at ${body.angle}`);
    // The launch is the map's entry for it (switch to the map, key "p2", ref: 8 bytes) and its fields
    // (switch, owner "b", x, y, angle, firedAt: 19). Colyseus's default view.add also sends the map
    // entry a second time and the root's binding of the map again: 41 bytes.
    const cost = launch - quiet;
    assert.ok(cost <= 30, `the launch cost the viewer ${cost} bytes`);
  });
});
