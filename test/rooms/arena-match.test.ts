import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { COUNTDOWN_MS, ENDED_MS, HIT_DAMAGE, MAX_HP, STEP_MS } from "../../src/sim/index.ts";
import { nextMessage } from "../helpers/wait.ts";
import {
  Pilot,
  bodyOf,
  createArena,
  eventually,
  joinArena,
  listing,
  patches,
  place,
  skipCountdown,
  until,
  useArenaServer,
  worldOf,
} from "./arena-support.ts";

const ctx = useArenaServer();

interface MatchEnd {
  standings: Array<{ id: string; name: string; score: number; kills: number; deaths: number }>;
}

const phaseListed = (roomId: string, phase: string) =>
  eventually(async () => (await listing(roomId))?.metadata.phase === phase, `metadata phase ${phase}`);

describe("arena match phases", () => {
  test("waiting → countdown 3 s at 2 players → playing → scoreLimit ends it with match_end → a new match", async () => {
    const a = await createArena(ctx.server, { name: "alice", scoreLimit: 1 });
    await patches(a, 3);
    assert.equal(a.state.phase, "waiting", "a lone player warms up");
    assert.equal(a.state.phaseEndsAt, 0);

    const b = await joinArena(ctx.server, a.roomId, { name: "bob" });
    const countdownAt = await until(a, () => a.state.phase === "countdown" && a.state.serverTime, "countdown");
    const countdownEnds = a.state.phaseEndsAt;
    assert.ok(countdownEnds - countdownAt <= COUNTDOWN_MS && countdownEnds - countdownAt > COUNTDOWN_MS - 2 * STEP_MS);
    await phaseListed(a.roomId, "countdown");

    // No shooting during the countdown.
    const shooter = new Pilot(a);
    await shooter.hold({ aim: 0, fire: true }, 3);
    assert.equal(worldOf(ctx.server, a).projectiles.size, 0);
    shooter.send({ fire: false });

    const playingAt = await until(a, () => a.state.phase === "playing" && a.state.serverTime, "playing", COUNTDOWN_MS + 1000);
    assert.ok(playingAt >= countdownEnds && playingAt < countdownEnds + 3 * STEP_MS, `playing at ${playingAt}, countdown ended ${countdownEnds}`);
    assert.equal(a.state.phaseEndsAt, countdownEnds + 180_000, "default matchSeconds 180");
    await phaseListed(a.roomId, "playing");

    place(ctx.server, a, 1000, 250);
    place(ctx.server, a, 1150, 250, b.sessionId).hp = HIT_DAMAGE;
    // Shots are judged against what the shooter saw (lag compensation), and the rewind blends the
    // samples either side of a teleport: let alice see bob standing there for a few patches first.
    await until(a, () => a.state.players.get(b.sessionId)?.x === 1150, "alice sees bob in place");
    await patches(a, 3);
    const ends = Promise.all([nextMessage<MatchEnd>(a, "match_end", 2000), nextMessage<MatchEnd>(b, "match_end", 2000)]);
    const phaseAtEnd: string[] = [];
    for (const client of [a, b]) client.onMessage("match_end", () => phaseAtEnd.push(client.state.phase));
    shooter.send({ aim: 0, fire: true });
    shooter.send({ fire: false });
    const expected: MatchEnd = {
      standings: [
        { id: a.sessionId, name: "alice", score: 1, kills: 1, deaths: 0 },
        { id: b.sessionId, name: "bob", score: 0, kills: 0, deaths: 1 },
      ],
    };
    const [toAlice, toBob] = await ends;
    assert.deepEqual(toAlice, expected);
    assert.deepEqual(toBob, expected);
    assert.deepEqual(phaseAtEnd, ["ended", "ended"], "match_end arrives after the patch that ends the match");
    const endedAt = await until(a, () => a.state.phase === "ended" && a.state.serverTime, "ended");
    assert.ok(a.state.phaseEndsAt - endedAt <= ENDED_MS && a.state.phaseEndsAt - endedAt > ENDED_MS - 2 * STEP_MS);
    assert.equal(a.state.projectiles.size, 0);
    await phaseListed(a.roomId, "ended");

    // Fast-forward the 10 s of results: the same room starts a new match, everyone back at zero.
    const world = worldOf(ctx.server, a);
    world.phaseEndsAt = world.time;
    await until(a, () => a.state.phase === "countdown", "a new countdown");
    for (const room of [a, b]) {
      await until(room, () => room.state.players.get(room.sessionId).alive, "respawned");
      const me = room.state.players.get(room.sessionId);
      assert.deepEqual({ score: me.score, kills: me.kills, deaths: me.deaths, hp: me.hp }, { score: 0, kills: 0, deaths: 0, hp: MAX_HP });
    }
    assert.equal(a.roomId, b.roomId);
    await phaseListed(a.roomId, "countdown");
  });

  test("a bot counts as a participant: one human with bots:1 goes straight to the countdown", async () => {
    const room = await createArena(ctx.server, { bots: 1 });
    await until(room, () => room.state.phase === "countdown", "countdown");
  });

  test("when matchSeconds run out the match ends with the standings sorted best first", async () => {
    const a = await createArena(ctx.server, { name: "alice", matchSeconds: 30 });
    const b = await joinArena(ctx.server, a.roomId, { name: "bob" });
    await skipCountdown(ctx.server, a);
    assert.equal(a.state.phaseEndsAt - a.state.serverTime <= 30_000, true);
    Object.assign(bodyOf(ctx.server, a), { score: 1, kills: 1, deaths: 2 });
    Object.assign(bodyOf(ctx.server, a, b.sessionId), { score: 2, kills: 2, deaths: 1 });
    const ended = nextMessage<MatchEnd>(a, "match_end", 2000);
    const world = worldOf(ctx.server, a);
    world.phaseEndsAt = world.time; // fast-forward the match clock
    assert.deepEqual(await ended, {
      standings: [
        { id: b.sessionId, name: "bob", score: 2, kills: 2, deaths: 1 },
        { id: a.sessionId, name: "alice", score: 1, kills: 1, deaths: 2 },
      ],
    });
    await until(a, () => a.state.phase === "ended", "ended");
  });
});
