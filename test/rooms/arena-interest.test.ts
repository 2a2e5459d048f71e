import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { INTEREST_RADIUS, PICKUP_POINTS, withinInterest } from "../../src/sim/index.ts";
import {
  Pilot,
  createArena,
  joinArena,
  place,
  skipCountdown,
  until,
  useArenaServer,
  type ArenaClient,
} from "./arena-support.ts";

const ctx = useArenaServer();

const sees = (viewer: ArenaClient, other: ArenaClient) => viewer.state.players.has(other.sessionId);
const seesSelf = (viewer: ArenaClient) => viewer.state.players.has(viewer.sessionId);
const at = (viewer: ArenaClient, x: number) => viewer.state.players.get(viewer.sessionId)?.x === x;

/** Two players in one room, past the round reset of the countdown (which moves everyone to a spawn point). */
async function pair(): Promise<[ArenaClient, ArenaClient]> {
  const a = await createArena(ctx.server);
  const b = await joinArena(ctx.server, a.roomId);
  await until(a, () => a.state.phase === "countdown", "countdown");
  return [a, b];
}

/** The pickup ids within the interest radius of (x, y). */
function pickupsNear(x: number, y: number): string[] {
  return PICKUP_POINTS.flatMap((p, i) => (withinInterest({ x, y }, p) ? [`pickup-${i}`] : [])).sort();
}

describe("arena interest", () => {
  test(`players see each other only within ${INTEREST_RADIUS} units (the boundary counts), and always themselves`, async () => {
    const [a, b] = await pair();
    place(ctx.server, a, 200, 250);
    place(ctx.server, a, 2200, 250, b.sessionId);
    await until(a, () => at(a, 200) && !sees(a, b), "a loses b");
    await until(b, () => at(b, 2200) && !sees(b, a), "b loses a");
    assert.ok(seesSelf(a) && seesSelf(b));

    place(ctx.server, a, 200 + INTEREST_RADIUS, 250, b.sessionId);
    await until(a, () => sees(a, b), "a sees b at exactly the radius");
    await until(b, () => sees(b, a), "b sees a at exactly the radius");
    assert.equal(a.state.players.get(b.sessionId).x, 200 + INTEREST_RADIUS);

    place(ctx.server, a, 200 + INTEREST_RADIUS + 1, 250, b.sessionId);
    await until(a, () => !sees(a, b), "a loses b one unit beyond");
    assert.ok(seesSelf(a) && seesSelf(b));
  });

  test("projectiles and pickups obey the radius too; a spectator receives everything", async () => {
    const [a, b] = await pair();
    const spectator = await joinArena(ctx.server, a.roomId, { spectator: true });
    await skipCountdown(ctx.server, a);
    place(ctx.server, a, 200, 250);
    place(ctx.server, a, 2200, 250, b.sessionId);
    await until(a, () => at(a, 200) && !sees(a, b), "a alone");
    await until(b, () => at(b, 2200) && !sees(b, a), "b alone");

    assert.deepEqual([...a.state.pickups.keys()].sort(), pickupsNear(200, 250));
    await until(b, () => [...b.state.pickups.keys()].sort().join() === pickupsNear(2200, 250).join(), "b's pickups");
    assert.equal(spectator.state.pickups.size, PICKUP_POINTS.length);
    assert.ok(sees(spectator, a) && sees(spectator, b));

    // b fires away from a: its projectile reaches b and the spectator, never a.
    const shooter = new Pilot(b);
    shooter.send({ aim: 0, fire: true });
    shooter.send({ fire: false });
    const isB = (p: any) => p.ownerId === b.sessionId;
    const seenBy = (room: ArenaClient) => [...room.state.projectiles.values()].some(isB);
    let aSawIt = false;
    a.onStateChange(() => (aSawIt ||= seenBy(a)));
    await until(spectator, () => seenBy(spectator), "the spectator sees b's shot");
    await until(b, () => seenBy(b), "b sees its own shot");
    await until(spectator, () => !seenBy(spectator), "the shot expires", 2000);
    assert.equal(aSawIt, false);
  });
});
