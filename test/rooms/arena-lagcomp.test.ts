// Lag compensation (PROTOCOL §3 combat): a hit is judged against where the shooter saw its target,
// rewound with Colyseus's rewind support and bounded to MAX_REWIND_MS.
//
// The scene: a target runs along y = 250 at 300 u/s (one dx:1 input, then held); the shooter stands
// 45 units below the line and fires once, almost straight up, at the point where it *rendered* the
// target. A projectile leaves the shooter's edge (20 units out) and covers 30 units a step, so it
// crosses the target's line during the first step of its flight; later steps take it away upwards.
// That first step is judged with the render-time stamp of the shooter's input consumed in the same
// step (Rewind.lastSeenBy: the last consumed input's stamp; held repeats do not advance it). The
// shooter sends its next input as soon as the last one is applied, so that is the input after the
// shot, stamped about one step later: the rewound target stands ~10 units past the aim point, well
// inside the 26-unit reach (player 20 + projectile 6). Had the shooter gone quiet, the shot's own
// stamp would be used, clamped to 200 ms behind the newest record as the flight goes on. The live
// target is 45 (150 ms) to 90 (300 ms) units further on, so without rewind none of these shots hits.
// The sim asks the rewind only about targets within MAX_REWIND_TRAVEL (60) plus the reach of a
// projectile's path, so the 300 ms shots, whose live target is 90 units on, may never ask it.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Rewind } from "colyseus";
import { HIT_DAMAGE, MAX_HP, MAX_REWIND_MS, PLAYER_RADIUS, PLAYER_SPEED, PROJECTILE_RADIUS, STEP_MS } from "../../src/sim/index.ts";
import {
  Pilot,
  bodyOf,
  createArena,
  joinArena,
  patches,
  place,
  serverRoom,
  skipCountdown,
  until,
  useArenaServer,
  worldOf,
  type ArenaClient,
} from "./arena-support.ts";

const ctx = useArenaServer();

const LINE_Y = 250;
const SHOOTER = { x: 1500, y: LINE_Y + 45 };
const TARGET_START = 1300;

interface Shot {
  hit: boolean;
  /** How far behind the server's newest record each hit test of the shot looked, in ms. */
  rewinds: number[];
  /** How far the live target was ahead of the aim point when the shot left. */
  liveLead: number;
}

/**
 * Runs the scene with a shooter whose input handle renders remotes `renderDelay` ms in the past, and
 * fires once at the target's position at `aimTime(shooter)` (server ms, from the shooter's own
 * snapshots), when that position reaches the shooter's x.
 */
async function shoot(renderDelay: number, aimTime: (shooter: ArenaClient) => number): Promise<Shot> {
  const a = await createArena(ctx.server, { name: "shooter" });
  const b = await joinArena(ctx.server, a.roomId, { name: "target" });
  await skipCountdown(ctx.server, a);
  place(ctx.server, a, SHOOTER.x, SHOOTER.y);
  const target = place(ctx.server, a, TARGET_START, LINE_Y, b.sessionId);
  const seenTarget = () => a.state.players.get(b.sessionId);
  await until(a, () => seenTarget()?.x === TARGET_START && a.state.players.get(a.sessionId).y === SHOOTER.y, "scene set");

  // The SDK stamps inputs from its estimate of the server clock, an average that takes about a second
  // of patches to settle after joining: wait until its stamps are within a few ms of the truth.
  const server = serverRoom(ctx.server, a);
  const clockError = () => rendered(0)(a) - (server.clock.elapsedTime + Date.now() - server.clock.currentTime);
  const shooter = new Pilot(a, { renderDelay });
  await until(
    a,
    () => {
      shooter.send({ fire: false }); // stamps only come with inputs' acks
      return Math.abs(clockError()) < 8;
    },
    () => `shooter's clock in sync (error ${clockError().toFixed(1)} ms)`,
  );

  // Every hit test of a human's projectile asks the rewind for the shooter's view: note how far back.
  const rewind = Rewind.get(server);
  const rewinds: number[] = [];
  const lastSeenBy = rewind.lastSeenBy.bind(rewind);
  rewind.lastSeenBy = (sessionId, out) => {
    const view = lastSeenBy(sessionId, out);
    if (sessionId === a.sessionId) rewinds.push(rewind.lastRecordedAt - view.time);
    return view;
  };

  let lastPatchAt = Date.now();
  a.onStateChange(() => (lastPatchAt = Date.now()));
  const history: Array<{ t: number; x: number }> = [];
  const world = worldOf(ctx.server, a);
  let fired = false;
  let inFlight = false;
  let liveLead = 0;
  new Pilot(b).send({ dx: 1 });

  await until(
    a,
    () => {
      const t = a.clock.lastServerTime();
      const x = seenTarget()?.x;
      if (t > 0 && x !== undefined) {
        if (history.length > 0 && history[history.length - 1]!.t === t) history.pop();
        history.push({ t, x });
      }
      if (fired) inFlight ||= world.projectiles.size > 0;
      if (inFlight && world.projectiles.size === 0) return true;
      // Paced by the server's ack: a new input only once the last one was applied, so none wait in
      // the buffer and every stamp is judged one step after it was taken.
      if (shooter.seq > 0 && a.state.players.get(a.sessionId).lastInput !== shooter.seq) return false;
      if (fired) {
        shooter.send({ fire: false });
        return false;
      }
      const at = aimTime(a);
      const aimX = history.length > 1 && history[0]!.t <= at ? positionAt(history, at) : undefined;
      if (aimX === undefined || aimX < SHOOTER.x - 5) {
        shooter.send({ fire: false });
        return false;
      }
      shooter.send({ aim: Math.atan2(LINE_Y - SHOOTER.y, aimX - SHOOTER.x), fire: true });
      liveLead = target.x - aimX;
      fired = true;
      return false;
    },
    () =>
      `the shot flew (fired ${fired}, seq ${shooter.seq}, applied ${a.state.players.get(a.sessionId).lastInput} as seen, ` +
      `${bodyOf(ctx.server, a).lastInput} on the server, projectiles ${world.projectiles.size}, last patch ${Date.now() - lastPatchAt} ms ago)`,
    4000,
  );
  rewind.lastSeenBy = lastSeenBy;
  const hp = bodyOf(ctx.server, a, b.sessionId).hp;
  assert.ok(hp === MAX_HP || hp === MAX_HP - HIT_DAMAGE, `hp ${hp}`);
  return { hit: hp === MAX_HP - HIT_DAMAGE, rewinds, liveLead };
}

/** The target's x at server time `t`, interpolated between the snapshots the shooter received. */
function positionAt(history: Array<{ t: number; x: number }>, t: number): number {
  for (let i = 1; i < history.length; i++) {
    const before = history[i - 1]!;
    const after = history[i]!;
    if (after.t >= t) return before.x + ((after.x - before.x) * (t - before.t)) / (after.t - before.t);
  }
  return history[history.length - 1]!.x;
}

/** Where a client stamps its inputs: its server-time estimate − (renderDelay + rtt/2), as the SDK does. */
const rendered = (delay: number) => (room: ArenaClient) => room.clock.serverNow() - delay - room.clock.smoothedRtt() / 2;

describe("arena lag compensation", () => {
  test("a shooter rendering 150 ms behind hits the target where it saw it", async () => {
    const shot = await shoot(150, rendered(150));
    assert.ok(shot.rewinds.length > 0, "the shot was judged through the rewind");
    // Judged against the live target, this shot would have missed.
    assert.ok(shot.liveLead > PLAYER_RADIUS + PROJECTILE_RADIUS, `the live target was only ${shot.liveLead} units past the aim point`);
    assert.equal(shot.hit, true, `rewound ${shot.rewinds.join(", ")} ms`);
    // About 150 ms behind the newest record (the client's clock estimate errs by a few ms; a late step
    // can age the stamp further), never beyond the bound.
    for (const ms of shot.rewinds) assert.ok(ms >= 140 && ms <= MAX_REWIND_MS, `rewound ${ms} ms`);
  });

  test("the same shooter aiming 300 ms behind the target misses", async () => {
    const shot = await shoot(150, rendered(300));
    assert.equal(shot.hit, false, `rewound ${shot.rewinds.join(", ")} ms`);
  });

  test(`a shooter rendering 300 ms behind is rewound only ${MAX_REWIND_MS} ms: aiming where it saw the target misses`, async () => {
    const shot = await shoot(300, rendered(300));
    for (const ms of shot.rewinds) assert.equal(ms, MAX_REWIND_MS);
    assert.equal(shot.hit, false);
  });

  test(`a shooter rendering 300 ms behind hits where the target was at the ${MAX_REWIND_MS} ms bound`, async () => {
    // The judging step comes one step after the snapshot the shooter aims from.
    const shot = await shoot(300, (room) => room.clock.lastServerTime() + STEP_MS - MAX_REWIND_MS);
    assert.ok(shot.rewinds.length > 0, "the shot was judged through the rewind");
    assert.deepEqual(new Set(shot.rewinds), new Set([MAX_REWIND_MS]));
    assert.equal(shot.hit, true);
  });

  test("after a stalled timer the missed steps go out in patches stamped with distinct times, and the rewind holds what clients were sent", async () => {
    const room = await createArena(ctx.server);
    const pilot = new Pilot(room);
    place(ctx.server, room, 300, LINE_Y);
    const entity = serverRoom(ctx.server, room).state.players.get(room.sessionId)!;
    const rewind = Rewind.get(serverRoom(ctx.server, room));
    const sent: Array<{ t: number; x: number }> = [];
    room.onStateChange(() => sent.push({ t: room.clock.lastServerTime(), x: pilot.player().x }));
    await pilot.hold({ dx: 1 }, 3);
    // Block the process (server included) for three steps' worth of time, within the backlog the
    // step timer makes up (a longer stall is dropped).
    const unblockAt = Date.now() + 3 * STEP_MS;
    while (Date.now() < unblockAt);
    const from = sent.length;
    await patches(room, 8);
    const after = sent.slice(from - 1);
    for (let i = 1; i < after.length; i++) assert.ok(after[i]!.t > after[i - 1]!.t, `two patches at ${after[i]!.t} ms`);
    // The missed steps were run, not dropped: over the window the player kept its pace of a step's
    // movement per step that fell due (held keys).
    const first = after[0]!;
    const last = after[after.length - 1]!;
    const due = Math.floor((last.t - first.t) / STEP_MS);
    assert.ok(last.x - first.x >= ((PLAYER_SPEED * STEP_MS) / 1000) * (due - 1), `moved ${last.x - first.x} in ${last.t - first.t} ms`);
    for (const { t, x } of after) assert.equal(rewind.valueAt(entity, t, "x"), x, `rewind at ${t} ms`);
  });
});
