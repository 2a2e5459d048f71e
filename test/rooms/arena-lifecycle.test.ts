import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { matchMaker } from "colyseus";
import { RECONNECT_SECONDS } from "../../src/rooms/ArenaRoom.ts";
import {
  Pilot,
  bodyOf,
  createArena,
  eventually,
  joinArena,
  listing,
  patches,
  place,
  serverRoom,
  until,
  useArenaServer,
  worldOf,
  type ArenaClient,
} from "./arena-support.ts";

const ctx = useArenaServer();

/**
 * Cuts a client's socket the way a network failure does: the server side is torn down without a close
 * frame, so both ends see 1006. The SDK's own automatic reconnection is switched off unless `auto`.
 */
function cutConnection(client: ArenaClient, auto = false): void {
  if (!auto) client.reconnection.enabled = false;
  const socket = serverRoom(ctx.server, client).clients.getById(client.sessionId)?.ref as unknown as { terminate(): void };
  socket.terminate();
}

const playerOf = (viewer: ArenaClient, id: string) => viewer.state.players.get(id);

interface HeldSeats {
  _reservedSeatTimeouts: Record<string, NodeJS.Timeout & { _idleTimeout: number }>;
  _reconnections: Record<string, [string, { reject(reason?: unknown): void }]>;
}

/** Ends a dropped player's reconnection window now, as its timer would when it fires. */
function closeReconnectionWindow(client: ArenaClient): void {
  const room = serverRoom(ctx.server, client) as unknown as HeldSeats;
  const [, window] = Object.values(room._reconnections).find(([sessionId]) => sessionId === client.sessionId)!;
  clearTimeout(room._reservedSeatTimeouts[client.sessionId]);
  window.reject(false);
}

describe("arena reconnection", () => {
  test("a dropped player stays (connected=false) and stands still; client.reconnect restores control and score", async () => {
    const a = await createArena(ctx.server, { name: "alice" });
    const watcher = await joinArena(ctx.server, a.roomId, { spectator: true });
    const id = a.sessionId;
    place(ctx.server, a, 300, 250).score = 3;
    const pilot = new Pilot(a);
    await pilot.hold({ dx: 1 }, 3); // and keeps holding

    const left = new Promise<number>((resolve) => a.onLeave.once(resolve));
    cutConnection(a);
    assert.equal(await left, 1006);
    await until(watcher, () => playerOf(watcher, id)?.connected === false, "seen disconnected");
    const x = playerOf(watcher, id).x;
    await patches(watcher, 3);
    assert.equal(playerOf(watcher, id).x, x, "a dropped player's held keys are released");
    assert.equal(worldOf(ctx.server, a).players.size, 1);
    assert.equal((await listing(a.roomId))?.metadata.humans, 1);

    const back = (await ctx.server.colyseus.sdk.reconnect(a.reconnectionToken)) as ArenaClient;
    assert.equal(back.sessionId, id);
    await until(watcher, () => playerOf(watcher, id)?.connected === true, "seen connected again");
    await until(back, () => playerOf(back, id)?.connected === true, "sees itself");
    assert.equal(playerOf(back, id).score, 3);
    assert.equal(playerOf(back, id).x, x, "no held keys after a reconnect");

    const again = new Pilot(back, {}, pilot.seq + 1);
    const seq = await again.hold({ dx: -1 }, 3);
    assert.equal(playerOf(back, id).lastInput, seq);
    assert.ok(playerOf(back, id).x < x, "control restored");
    await eventually(async () => {
      const room = await listing(a.roomId);
      return room?.clients === 2 && room.metadata.humans === 1;
    }, "the listing counts alice once and the watcher");
  });

  test("the SDK's automatic reconnection brings the same room object back", async () => {
    const a = await createArena(ctx.server);
    const watcher = await joinArena(ctx.server, a.roomId, { spectator: true });
    a.reconnection.minUptime = 0;
    a.reconnection.minDelay = 10;
    const dropped = new Promise<void>((resolve) => a.onDrop.once(() => resolve()));
    const reconnected = new Promise<void>((resolve) => a.onReconnect.once(() => resolve()));
    cutConnection(a, true);
    await dropped;
    await reconnected;
    await until(watcher, () => playerOf(watcher, a.sessionId)?.connected === true, "connected again");
    const pilot = new Pilot(a, {}, 10);
    assert.equal(await pilot.hold({ dx: 1 }, 2), 11);
  });

  test("a reconnect while the server still holds the old connection is not undone by that socket's late close", async () => {
    const a = await createArena(ctx.server);
    const watcher = await joinArena(ctx.server, a.roomId, { spectator: true });
    a.reconnection.enabled = false;
    const oldSocket = serverRoom(ctx.server, a).clients.getById(a.sessionId)!.ref as unknown as { terminate(): void };
    // The client believes its connection is gone and comes back while the server still holds it:
    // Colyseus lets the stale connection go and seats the new one.
    const back = (await ctx.server.colyseus.sdk.reconnect(a.reconnectionToken)) as ArenaClient;
    assert.equal(back.sessionId, a.sessionId);
    oldSocket.terminate(); // the old socket's close arrives late
    await patches(watcher, 3);
    assert.equal(playerOf(watcher, a.sessionId)?.connected, true);
    const pilot = new Pilot(back, {}, 5);
    assert.equal(await pilot.hold({ dx: 1 }, 2), 6);
    assert.ok(worldOf(ctx.server, back).players.has(a.sessionId));
    await eventually(async () => (await listing(a.roomId))?.clients === 2, "the listing counts the player once");
  });

  test(`the seat is held ${RECONNECT_SECONDS} s; when the window closes the player is removed`, async () => {
    const a = await createArena(ctx.server, { bots: 1 });
    const watcher = await joinArena(ctx.server, a.roomId, { spectator: true });
    const server = serverRoom(ctx.server, a) as unknown as HeldSeats;
    cutConnection(a);
    await until(watcher, () => playerOf(watcher, a.sessionId)?.connected === false, "seen disconnected");
    assert.equal(server._reservedSeatTimeouts[a.sessionId]?._idleTimeout, RECONNECT_SECONDS * 1000);
    closeReconnectionWindow(a);
    await until(watcher, () => !watcher.state.players.has(a.sessionId), "removed");
    await eventually(async () => (await listing(a.roomId))?.metadata.humans === 0, "humans 0");
  });
});

describe("arena leaving and disposal", () => {
  test("a consented leave removes the player at once", async () => {
    const a = await createArena(ctx.server);
    const b = await joinArena(ctx.server, a.roomId);
    await until(a, () => worldOf(ctx.server, a).players.size === 2, "two players");
    await b.leave();
    assert.equal(worldOf(ctx.server, a).players.has(b.sessionId), false);
    await until(a, () => !a.state.players.has(b.sessionId), "gone from a's state");
    await eventually(async () => (await listing(a.roomId))?.metadata.humans === 1, "humans 1");
  });

  test("a room whose last human leaves is disposed, bots and all", async () => {
    const a = await createArena(ctx.server, { bots: 3 });
    const roomId = a.roomId;
    await patches(a, 2);
    await a.leave();
    await eventually(() => ctx.server.colyseus.getRoomById(roomId) === undefined, "disposed");
    assert.deepEqual(await matchMaker.query({ name: "arena" }), []);
  });

  test("a room whose last human dropped is disposed once the window closes and nobody is left", async () => {
    const a = await createArena(ctx.server);
    const roomId = a.roomId;
    cutConnection(a);
    await eventually(() => bodyOf(ctx.server, a).connected === false, "dropped");
    assert.ok(ctx.server.colyseus.getRoomById(roomId), "kept while the seat is held");
    closeReconnectionWindow(a);
    await eventually(() => ctx.server.colyseus.getRoomById(roomId) === undefined, "disposed");
  });
});
