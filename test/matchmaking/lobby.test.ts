import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Room } from "@colyseus/sdk";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { nextMessage } from "../helpers/wait.ts";
import { consume, leaveAll, post, waitUntil } from "./support.ts";

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

/** What a lobby client knows: the room list it was sent, kept current by "+" and "-". */
function watch(lobby: Room) {
  const rooms = new Map<string, any>();
  const added: any[] = [];
  const removed: string[] = [];
  lobby.onMessage("rooms", (list: any[]) => {
    for (const room of list) rooms.set(room.roomId, room);
  });
  lobby.onMessage("+", ([roomId, room]: [string, any]) => {
    rooms.set(roomId, room);
    added.push(room);
  });
  lobby.onMessage("-", (roomId: string) => {
    rooms.delete(roomId);
    removed.push(roomId);
  });
  return { rooms, added, removed };
}

describe("lobby: arena rooms in real time", () => {
  test("a lobby client sees a room appear, its phase and humans change, and the room go", async () => {
    const early = await consume(server, (await post(server, "/api/quickplay", { name: "early" })).body);
    const lobby = await server.colyseus.sdk.joinOrCreate("lobby", {});
    const seen = watch(lobby);
    // The list a client gets on joining holds the rooms that already exist.
    await waitUntil(() => seen.rooms.get(early.roomId)?.metadata.humans === 1);
    await leaveAll([early]);
    await waitUntil(() => seen.removed.includes(early.roomId));

    const first = await consume(server, (await post(server, "/api/quickplay", {})).body);
    const roomId = first.roomId;
    await waitUntil(() => seen.rooms.get(roomId)?.metadata.humans === 1, 3000, "the new room listed");
    assert.equal(seen.rooms.get(roomId).metadata.phase, "waiting");
    assert.equal(seen.rooms.get(roomId).name, "arena");

    const second = await consume(server, (await post(server, "/api/quickplay", {})).body);
    assert.equal(second.roomId, roomId);
    await waitUntil(() => seen.rooms.get(roomId)?.metadata.humans === 2, 3000, "humans updated");
    await waitUntil(() => seen.rooms.get(roomId)?.metadata.phase === "countdown", 3000, "phase updated");
    assert.ok(seen.rooms.get(roomId).metadata.startedAt > 0);

    await second.leave();
    await waitUntil(() => seen.rooms.get(roomId)?.metadata.humans === 1, 3000, "a leave listed");
    await leaveAll([first]);
    await waitUntil(() => !seen.rooms.has(roomId), 3000, "the room removed");
    assert.ok(seen.removed.includes(roomId));
    await lobby.leave();
  });

  test("private rooms never reach the lobby", async () => {
    const lobby = await server.colyseus.sdk.joinOrCreate("lobby", {});
    const seen = watch(lobby);
    const created = await post(server, "/api/private", {});
    const host = await consume(server, created.body.reservation);
    const guest = await consume(server, (await post(server, `/api/private/${created.body.code}/join`, {})).body);
    // A public room created afterwards shows up; by then any message about the private one would have.
    const open = await consume(server, (await post(server, "/api/quickplay", {})).body);
    await waitUntil(() => seen.rooms.has(open.roomId));
    assert.ok(!seen.added.some((room) => room.roomId === created.body.roomId));
    assert.ok(![...seen.rooms.keys()].includes(created.body.roomId));
    await leaveAll([host, guest, open]);
    await lobby.leave();
  });

  test("a lobby client may filter by metadata", async () => {
    const lobby = await server.colyseus.sdk.joinOrCreate("lobby", { filter: { name: "arena", metadata: { phase: "countdown" } } });
    const seen = watch(lobby);
    const first = await consume(server, (await post(server, "/api/quickplay", {})).body);
    const second = await consume(server, (await post(server, "/api/quickplay", {})).body);
    await waitUntil(() => seen.rooms.get(first.roomId)?.metadata.phase === "countdown", 3000, "countdown listed");
    assert.ok(!seen.added.some((room) => room.metadata.phase === "waiting"));
    await leaveAll([first, second]);
    await lobby.leave();
  });
});

describe("lobby: bad input", () => {
  test("a metadata filter while rooms without metadata are listed neither throws nor ends the server", async () => {
    const chat = await server.colyseus.sdk.joinOrCreate("chat", {});
    const arena = await consume(server, (await post(server, "/api/quickplay", {})).body);
    const lobby = await server.colyseus.sdk.joinOrCreate("lobby", { filter: { name: "chat", metadata: { phase: "waiting" } } });
    assert.deepEqual(await nextMessage(lobby, "rooms"), []);
    lobby.send("filter", { name: "arena", metadata: { phase: "waiting" } });
    const rooms = await nextMessage<any[]>(lobby, "rooms");
    assert.deepEqual(rooms.map((room) => room.roomId), [arena.roomId]);
    await lobby.leave();
    await chat.leave();
    await leaveAll([arena]);
  });

  test("a malformed filter is answered invalid_message, and a flood rate_limited", async () => {
    const lobby = await server.colyseus.sdk.joinOrCreate("lobby", {});
    lobby.onMessage("rooms", () => {});
    lobby.send("filter", 5);
    assert.deepEqual(await nextMessage(lobby, "error"), { code: "invalid_message", type: "filter" });
    lobby.send("filter", { metadata: { deep: { no: 1 } } });
    assert.deepEqual(await nextMessage(lobby, "error"), { code: "invalid_message", type: "filter" });
    for (let i = 0; i < 30; i++) lobby.send("filter", { name: "arena" });
    assert.deepEqual(await nextMessage(lobby, "error"), { code: "rate_limited" });
    assert.equal(lobby.connection.isOpen, true);
    await lobby.leave();
  });

  test("a malformed filter join option refuses the join", async () => {
    await assert.rejects(server.colyseus.sdk.joinOrCreate("lobby", { filter: { name: 5 } }), /invalid option filter.name/);
  });
});
