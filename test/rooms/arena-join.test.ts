import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { ErrorCode, matchMaker } from "colyseus";
import { ROOM_FULL } from "../../src/rooms/ArenaRoom.ts";
import { INVALID_OPTIONS } from "../../src/rooms/joinOptions.ts";
import {
  PICKUP_POINTS,
  SPAWN_POINTS,
  STEP_HZ,
  WALLS,
  WORLD_HEIGHT,
  WORLD_WIDTH,
  withinInterest,
  wrapAngle,
} from "../../src/sim/index.ts";
import {
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
  type ArenaClient,
} from "./arena-support.ts";

const ctx = useArenaServer();

/** A full room refuses a player in one of two places: Colyseus's matchmaker (522, the room is locked
 * once its seats are taken or reserved) or, for a join already past it, the room's own check. */
const SEAT_REFUSED = [ErrorCode.MATCHMAKE_INVALID_ROOM_ID, ROOM_FULL];

const own = (room: ArenaClient) => room.state.players?.get(room.sessionId);

/** Resolves when the room's lobby listing shows `expected` (a subset of its metadata). */
async function metadataShows(roomId: string, expected: Record<string, unknown>): Promise<void> {
  let last: unknown;
  try {
    await eventually(async () => {
      last = (await listing(roomId))?.metadata;
      return Object.entries(expected).every(([key, value]) => (last as Record<string, unknown>)?.[key] === value);
    }, "metadata");
  } catch {
    assert.fail(`metadata ${JSON.stringify(last)} does not show ${JSON.stringify(expected)}`);
  }
}

describe("arena join: the state a player gets", () => {
  test("a new player sees the world, the walls, itself at a spawn point, the pickups near it, and a running clock", async () => {
    const room = await createArena(ctx.server, { name: "alice" });
    await until(room, () => own(room), "own player");
    const state = room.state;
    assert.equal(state.phase, "waiting");
    assert.equal(state.phaseEndsAt, 0);
    assert.equal(state.width, WORLD_WIDTH);
    assert.equal(state.height, WORLD_HEIGHT);
    assert.deepEqual(
      state.walls.map((w: any) => ({ x: w.x, y: w.y, width: w.width, height: w.height })),
      WALLS.map((w) => ({ ...w })),
    );

    const me = own(room);
    assert.deepEqual(
      { name: me.name, hp: me.hp, alive: me.alive, connected: me.connected, bot: me.bot },
      { name: "alice", hp: 100, alive: true, connected: true, bot: false },
    );
    assert.deepEqual({ score: me.score, kills: me.kills, deaths: me.deaths, lastInput: me.lastInput }, { score: 0, kills: 0, deaths: 0, lastInput: 0 });
    assert.ok(SPAWN_POINTS.some((p) => p.x === me.x && p.y === me.y), `(${me.x}, ${me.y}) is a spawn point`);

    const near = PICKUP_POINTS.flatMap((p, i) => (withinInterest(me, p) ? [`pickup-${i}`] : []));
    assert.ok(near.length > 0);
    assert.deepEqual([...state.pickups.keys()].sort(), near.sort());
    for (const [id, pickup] of state.pickups) {
      const point = PICKUP_POINTS[Number(id.slice("pickup-".length))]!;
      assert.deepEqual({ x: pickup.x, y: pickup.y, active: pickup.active }, { x: point.x, y: point.y, active: true });
    }

    const tick = state.tick;
    await patches(room, 3);
    assert.ok(state.tick >= tick + 3, `tick ${tick} → ${state.tick}`);
    assert.equal(state.serverTime, Math.round((state.tick * 1000) / STEP_HZ));
  });
});

describe("arena join: create and join options", () => {
  const badCreates: Array<[string, unknown]> = [
    ["maxPlayers", 1],
    ["maxPlayers", 65],
    ["maxPlayers", 2.5],
    ["bots", 64],
    ["bots", -1],
    ["matchSeconds", 10],
    ["matchSeconds", 1801],
    ["scoreLimit", 0],
    ["scoreLimit", 201],
    ["mode", "ctf"],
    ["private", "yes"],
  ];
  for (const [option, value] of badCreates) {
    test(`a create with ${option}: ${JSON.stringify(value)} is refused with a 400 naming the option`, async () => {
      await assert.rejects(createArena(ctx.server, { [option]: value }), (err: any) => {
        assert.equal(err.code, 400);
        assert.match(err.message, new RegExp(`^invalid option ${option}:`));
        return true;
      });
    });
  }

  test("a refused create leaves no room behind and the server keeps serving", async () => {
    await assert.rejects(createArena(ctx.server, { maxPlayers: 1 }));
    assert.deepEqual(await matchMaker.query({ name: "arena" }), []);
    const room = await createArena(ctx.server, { maxPlayers: 64, bots: 63, matchSeconds: 1800, scoreLimit: 200 });
    await metadataShows(room.roomId, { maxPlayers: 64, bots: 63, humans: 1 });
    await createArena(ctx.server, { maxPlayers: 2, bots: 0, matchSeconds: 30, scoreLimit: 1, mode: "ffa", private: false });
    assert.equal((await matchMaker.query({ name: "arena" })).length, 2);
  });

  const badJoins: Array<[string, unknown]> = [
    ["name", "x".repeat(25)],
    ["name", ""],
    ["name", 42],
    ["spectator", "yes"],
  ];
  for (const [option, value] of badJoins) {
    test(`a join with ${option}: ${JSON.stringify(value)} is refused naming the option; the room plays on`, async () => {
      const host = await createArena(ctx.server);
      await assert.rejects(joinArena(ctx.server, host.roomId, { [option]: value }), (err: any) => {
        assert.equal(err.code, INVALID_OPTIONS);
        assert.match(err.message, new RegExp(`^invalid option ${option}:`));
        return true;
      });
      await patches(host, 2);
      assert.equal(worldOf(ctx.server, host).players.size, 1);
      await metadataShows(host.roomId, { humans: 1 });
    });
  }

  test("a create whose own join options are bad is refused, and the room it made does not linger", async () => {
    await assert.rejects(createArena(ctx.server, { name: "" }), /invalid option name/);
    await eventually(async () => (await matchMaker.query({ name: "arena" })).length === 0, "room disposed");
  });
});

describe("arena join: seats and spectators", () => {
  test("a spectator gets the whole state, has no player and does not count as a human", async () => {
    const host = await createArena(ctx.server, { name: "host" });
    const spectator = await joinArena(ctx.server, host.roomId, { spectator: true, name: "watcher" });
    await until(spectator, () => spectator.state.players?.has(host.sessionId), "sees the host");
    assert.equal(spectator.state.players.has(spectator.sessionId), false);
    assert.equal(spectator.state.players.size, 1);
    assert.equal(spectator.state.pickups.size, PICKUP_POINTS.length);
    assert.equal(worldOf(ctx.server, host).players.size, 1);
    await metadataShows(host.roomId, { humans: 1, bots: 0, phase: "waiting" });
  });

  test("maxPlayers holds: with 2 seats a third player is refused, a spectator takes no seat, and joinOrCreate opens another room", async () => {
    const host = await createArena(ctx.server, { maxPlayers: 2 });
    const spectator = await joinArena(ctx.server, host.roomId, { spectator: true });
    await joinArena(ctx.server, host.roomId);
    await assert.rejects(joinArena(ctx.server, host.roomId, { name: "carol" }), (err: any) => {
      assert.ok(SEAT_REFUSED.includes(err.code), `refused with ${err.code}: ${err.message}`);
      return true;
    });
    await until(spectator, () => spectator.state.players?.size === 2, "spectator sees both players");
    assert.equal(worldOf(ctx.server, host).players.size, 2);
    await metadataShows(host.roomId, { humans: 2, maxPlayers: 2 });
    const elsewhere: ArenaClient = await ctx.server.colyseus.sdk.joinOrCreate("arena", { name: "dave" });
    assert.notEqual(elsewhere.roomId, host.roomId, "a full room sends joinOrCreate to a new one");
  });

  test("concurrent joins never over-fill the room", async () => {
    const host = await createArena(ctx.server, { maxPlayers: 3 });
    const joins = await Promise.allSettled(Array.from({ length: 6 }, () => joinArena(ctx.server, host.roomId)));
    const joined = joins.filter((j) => j.status === "fulfilled");
    const refused = joins.filter((j): j is PromiseRejectedResult => j.status === "rejected");
    assert.equal(joined.length, 2);
    for (const r of refused) assert.ok(SEAT_REFUSED.includes(r.reason.code), `refused with ${r.reason.code}`);
    assert.equal(worldOf(ctx.server, host).players.size, 3);
    await metadataShows(host.roomId, { humans: 3 });
  });
});

describe("arena join: bots and metadata", () => {
  test("bots fill the `bots` count as bot-N, step aside for humans and come back when a seat frees up", async () => {
    const host = await createArena(ctx.server, { bots: 3, maxPlayers: 4 });
    const world = worldOf(ctx.server, host);
    const spectator = await joinArena(ctx.server, host.roomId, { spectator: true });
    await until(spectator, () => spectator.state.players?.size === 4, "spectator sees 4 players");
    const bots = [...spectator.state.players.entries()].filter(([, p]: [string, any]) => p.bot);
    assert.deepEqual(bots.map(([id]) => id).sort(), ["bot-1", "bot-2", "bot-3"]);
    for (const [, bot] of bots) assert.ok(bot.name.length > 0);
    await metadataShows(host.roomId, { humans: 1, bots: 3, maxPlayers: 4 });

    const guests: ArenaClient[] = [];
    for (let humans = 2; humans <= 4; humans++) {
      guests.push(await joinArena(ctx.server, host.roomId));
      assert.equal(world.players.size, 4);
      await metadataShows(host.roomId, { humans, bots: 4 - humans });
    }
    await assert.rejects(joinArena(ctx.server, host.roomId), /room_full|is locked/);

    await guests.pop()!.leave();
    await metadataShows(host.roomId, { humans: 3, bots: 1 });
    assert.ok(world.players.has("bot-4"), "a fresh bot took the seat");
    await until(spectator, () => spectator.state.players.get("bot-4")?.bot === true, "spectator sees bot-4");
  });

  test("bots move, aim and shoot", async () => {
    const host = await createArena(ctx.server, { bots: 2 });
    const spectator = await joinArena(ctx.server, host.roomId, { spectator: true });
    await skipCountdown(ctx.server, host);
    // Two bots facing each other in the open top lane, the human far away.
    place(ctx.server, host, 2800, 2800);
    place(ctx.server, host, 1000, 250, "bot-1");
    place(ctx.server, host, 1300, 250, "bot-2");
    const shot = await until(
      spectator,
      () => [...spectator.state.projectiles.values()].find((p: any) => p.ownerId === "bot-1" || p.ownerId === "bot-2"),
      "a bot's shot",
    );
    const foe = spectator.state.players.get(shot.ownerId === "bot-1" ? "bot-2" : "bot-1");
    const bearing = Math.atan2(foe.y - shot.y, foe.x - shot.x);
    assert.ok(Math.abs(wrapAngle(shot.angle - bearing)) < 0.5, `shot at ${shot.angle}, foe at ${bearing}`);
    await until(spectator, () => {
      const bot = spectator.state.players.get("bot-1");
      return bot.x !== 1000 || bot.y !== 250;
    }, "bot-1 moves");
  });

  test("metadata shows mode, phase, humans, bots, maxPlayers and private, and follows the phase", async () => {
    const host = await createArena(ctx.server, { maxPlayers: 6, private: true });
    await metadataShows(host.roomId, { mode: "ffa", phase: "waiting", humans: 1, bots: 0, maxPlayers: 6, private: true });
    const guest = await joinArena(ctx.server, host.roomId);
    await metadataShows(host.roomId, { phase: "countdown", humans: 2 });
    await guest.leave();
    await metadataShows(host.roomId, { phase: "waiting", humans: 1 });
  });
});
