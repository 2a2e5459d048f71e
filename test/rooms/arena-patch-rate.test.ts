import { after, afterEach, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { PLAYER_SPEED, STEP_HZ } from "../../src/sim/index.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { Pilot, createArena, place, until, type ArenaClient } from "./arena-support.ts";

/**
 * The steps between consecutive patches (state.tick differences). The join state is taken at any
 * step, patch or not, so counting starts at the first patch after it.
 */
async function stepsBetweenPatches(room: ArenaClient, count = 12): Promise<number[]> {
  const ticks: number[] = [];
  // `until` looks once at the join state, then at every patch.
  await until(room, () => ticks.push(room.state.tick) > count + 1, `${count} patches`);
  return ticks.slice(2).map((tick, i) => tick - ticks[i + 1]!);
}

// One server per process: Colyseus's matchmaker is process-wide, so a second server would replace the
// first's room definitions.
// The room tests elsewhere run at ARENA_PATCH_HZ=30 (arena-support.ts); this one at the default.
describe("arena patch rate: the default, 15 a second", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  afterEach(() => server.colyseus.cleanup());
  after(() => server.close());

  test("a patch goes out after every other step, while the sim keeps stepping 30 times a second", async () => {
    const room = await createArena(server);
    const gaps = await stepsBetweenPatches(room);
    // A slow step can push a patch one step later; it is never sooner.
    assert.ok(gaps.every((steps) => steps >= 2), `gaps ${gaps}`);
    assert.ok(gaps.includes(2), `gaps ${gaps}`);

    const pilot = new Pilot(room);
    place(server, room, 300, 250);
    await until(room, () => pilot.player()?.x === 300, "placed");
    const seq = pilot.send({ dx: 1 });
    const from = await until(room, () => pilot.player().lastInput === seq && { x: pilot.player().x, tick: room.state.tick }, "applied");
    await stepsBetweenPatches(room, 4);
    // The input is held: every step, patched or not, moved the player.
    assert.equal(pilot.player().x - from.x, (PLAYER_SPEED / STEP_HZ) * (room.state.tick - from.tick));
  });

  test("the rate is the server's: a client asking for patchHz 30 in its create options still gets 15", async () => {
    const room = await createArena(server, { patchHz: 30 });
    const gaps = await stepsBetweenPatches(room);
    assert.equal(Math.min(...gaps), 2, `gaps ${gaps}`);
  });
});
