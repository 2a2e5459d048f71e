import { after, afterEach, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { matchMaker } from "colyseus";
import type { Room } from "@colyseus/sdk";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { consume, leaveAll, listing, post, sleep, waitUntil } from "./support.ts";

let server: TestServer;
const joined: Room[] = [];
before(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await leaveAll(joined.splice(0));
});
after(() => server.close());

/** An arena room made through the SDK's own route, with `humans` players in it. */
async function arenaWith(humans: number, options: object = {}): Promise<string> {
  const first = await server.colyseus.sdk.create("arena", options);
  joined.push(first);
  for (let i = 1; i < humans; i++) joined.push(await server.colyseus.sdk.joinById(first.roomId, {}));
  await waitUntil(async () => (await listing(first.roomId)).metadata.humans === humans);
  return first.roomId;
}

async function quickPlay(): Promise<{ roomId: string; room: Room }> {
  const res = await post(server, "/api/quickplay", {});
  assert.equal(res.status, 200);
  const room = await consume(server, res.body);
  joined.push(room);
  return { roomId: res.body.roomId, room };
}

describe("quick play fills before it creates", () => {
  test("with no arena room, quick play creates one; the next player lands in it", async () => {
    const first = await quickPlay();
    const second = await quickPlay();
    assert.equal(second.roomId, first.roomId);
    assert.equal((await matchMaker.query({ name: "arena" })).length, 1);
  });

  test("it picks the fullest room with space, never a full or private one", async () => {
    const small = await arenaWith(1);
    const fuller = await arenaWith(3);
    await arenaWith(2, { maxPlayers: 2 }); // full
    await arenaWith(4, { private: true });
    const chosen = await quickPlay();
    assert.equal(chosen.roomId, fuller);
    assert.notEqual(chosen.roomId, small);
    await waitUntil(async () => (await listing(fuller)).metadata.humans === 4);
  });

  test("between equally full rooms it picks the one whose match started last", async () => {
    const earlier = await arenaWith(2);
    await waitUntil(async () => (await listing(earlier)).metadata.startedAt > 0);
    await sleep(20);
    const later = await arenaWith(2);
    await waitUntil(async () => (await listing(later)).metadata.startedAt > 0);
    assert.ok((await listing(later)).metadata.startedAt > (await listing(earlier)).metadata.startedAt);
    assert.equal((await quickPlay()).roomId, later);
    // `later` is now the fullest, and stays the choice until it is full.
    assert.equal((await quickPlay()).roomId, later);
  });

  test("when every room is full it creates a new one", async () => {
    const full = await arenaWith(2, { maxPlayers: 2 });
    const chosen = await quickPlay();
    assert.notEqual(chosen.roomId, full);
    const created = await listing(chosen.roomId);
    assert.equal(created.metadata.maxPlayers, 16);
    assert.equal(created.private, false);
  });

  test("a promised but unused seat counts: a room's last seat is promised once", async () => {
    const nearlyFull = await arenaWith(1, { maxPlayers: 2 });
    const first = await post(server, "/api/quickplay", {});
    const second = await post(server, "/api/quickplay", {});
    assert.equal(first.body.roomId, nearlyFull);
    assert.notEqual(second.body.roomId, nearlyFull);
    joined.push(await consume(server, first.body), await consume(server, second.body));
  });
});

describe("quick play under a burst", () => {
  test("200 simultaneous requests over-fill no room, lose no reservation and open no needless room", async () => {
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => post(server, "/api/quickplay", { name: `p${i}` })));
    for (const res of answers) assert.equal(res.status, 200, JSON.stringify(res.body));

    const perRoom = new Map<string, number>();
    for (const res of answers) perRoom.set(res.body.roomId, (perRoom.get(res.body.roomId) ?? 0) + 1);
    // 16 players per room: 12 full rooms and one with the remaining 8.
    assert.equal(perRoom.size, Math.ceil(200 / 16));
    assert.deepEqual([...perRoom.values()].sort((a, b) => b - a), [...Array(12).fill(16), 8]);

    const rooms = await Promise.all(answers.map((res) => consume(server, res.body)));
    joined.push(...rooms);
    for (const [index, room] of rooms.entries()) assert.equal(room.roomId, answers[index].body.roomId);
    for (const [roomId, players] of perRoom) {
      await waitUntil(async () => (await listing(roomId)).metadata.humans === players, 5000, `room ${roomId} seated`);
      assert.ok(players <= (await listing(roomId)).metadata.maxPlayers);
    }
  });
});
