import { after, afterEach, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { matchMaker, type RegisteredHandler } from "colyseus";
import type { Room } from "@colyseus/sdk";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { PRIVATE_CODE_ALPHABET, PRIVATE_CODE_PATTERN, PrivateCodes } from "../../src/matchmaking/privateCodes.ts";
import { api, assertError, consume, leaveAll, listing, post, waitUntil } from "./support.ts";

let server: TestServer;
const joined: Room[] = [];
before(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await leaveAll(joined.splice(0));
});
after(() => server.close());

async function join(reservation: unknown): Promise<Room> {
  const room = await consume(server, reservation);
  joined.push(room);
  return room;
}

function assertReservation(body: any): void {
  assert.equal(body.name, "arena");
  for (const field of ["roomId", "sessionId", "processId"]) assert.equal(typeof body[field], "string", field);
}

describe("GET /api/rooms", () => {
  test("lists public arena rooms with their metadata, but no private room, queue or lobby", async () => {
    const publicRoom = await join((await post(server, "/api/quickplay", {})).body);
    const privateRoom = await post(server, "/api/private", {});
    await join(privateRoom.body.reservation);
    const queue = await server.colyseus.sdk.joinOrCreate("queue", {});
    const lobby = await server.colyseus.sdk.joinOrCreate("lobby", {});
    try {
      const res = await api(server, "GET", "/api/rooms");
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, [
        {
          roomId: publicRoom.roomId,
          name: "arena",
          clients: 1,
          maxClients: 16,
          metadata: { mode: "ffa", phase: "waiting", humans: 1, bots: 0, maxPlayers: 16, private: false, startedAt: 0 },
        },
      ]);
    } finally {
      await queue.leave();
      await lobby.leave();
    }
  });

  test("name filters by room type", async () => {
    await join((await post(server, "/api/quickplay", {})).body);
    const chat = await server.colyseus.sdk.joinOrCreate("chat", {});
    try {
      const all = await api(server, "GET", "/api/rooms");
      assert.deepEqual(all.body.map((room: any) => room.name).sort(), ["arena", "chat"]);
      const arenas = await api(server, "GET", "/api/rooms?name=arena");
      assert.deepEqual(arenas.body.map((room: any) => room.name), ["arena"]);
      const none = await api(server, "GET", "/api/rooms?name=nothing");
      assert.deepEqual(none.body, []);
    } finally {
      await chat.leave();
    }
  });

  test("a locked room is not listed", async () => {
    const room = await join((await post(server, "/api/quickplay", {})).body);
    await matchMaker.getLocalRoomById(room.roomId).lock();
    assert.deepEqual((await api(server, "GET", "/api/rooms?name=arena")).body, []);
  });

  test("a bad name is a 400 in the error shape", async () => {
    assertError(await api(server, "GET", "/api/rooms?name="), 400, "invalid_field");
    assertError(await api(server, "GET", "/api/rooms?name=a&name=b"), 400, "invalid_field");
    assertError(await api(server, "GET", `/api/rooms?name=${"x".repeat(65)}`), 400, "invalid_field");
  });
});

describe("POST /api/quickplay", () => {
  test("answers a reservation the SDK consumes, with the player's name", async () => {
    const res = await post(server, "/api/quickplay", { name: "alice", mode: "ffa" });
    assert.equal(res.status, 200);
    assertReservation(res.body);
    const room = await join(res.body);
    assert.equal(room.roomId, res.body.roomId);
    assert.equal(room.sessionId, res.body.sessionId);
    await waitUntil(() => room.state.players?.get(room.sessionId)?.name === "alice");
  });

  test("an empty request (no body at all) is fine", async () => {
    const res = await fetch(`${server.url}/api/quickplay`, { method: "POST" });
    assert.equal(res.status, 200);
    await join(await res.json());
  });

  for (const [label, body, code] of [
    ["an empty name", { name: "" }, "invalid_field"],
    ["a 25-character name", { name: "x".repeat(25) }, "invalid_field"],
    ["a numeric name", { name: 5 }, "invalid_field"],
    ["an unknown mode", { mode: "ctf" }, "invalid_field"],
    ["an array body", [], "invalid_body"],
    ["a string body", '"hello"', "malformed_json"],
    ["malformed JSON", "{bad", "malformed_json"],
  ] as const) {
    test(`${label} is a 400 ${code}`, async () => {
      assertError(await post(server, "/api/quickplay", body), 400, code);
    });
  }

  test("the error names the bad field", async () => {
    const res = await post(server, "/api/quickplay", { name: 5 });
    assert.match(res.body.error.message, /\bname\b/);
  });
});

describe("private rooms", () => {
  test("POST /api/private answers 201 with a code, the room and the creator's seat", async () => {
    const res = await post(server, "/api/private", { maxPlayers: 6, name: "host" });
    assert.equal(res.status, 201);
    assert.match(res.body.code, PRIVATE_CODE_PATTERN);
    assert.equal(res.body.name, "arena");
    assert.equal(res.body.mode, "ffa");
    assert.equal(res.body.maxPlayers, 6);
    assert.equal(res.body.reservation.roomId, res.body.roomId);
    const host = await join(res.body.reservation);
    await waitUntil(() => host.state.players?.get(host.sessionId)?.name === "host");
    const room = await listing(res.body.roomId);
    assert.equal(room.private, true);
    assert.equal(room.metadata.private, true);
    assert.equal(room.metadata.code, res.body.code);
    assert.equal(room.metadata.maxPlayers, 6);
  });

  test("a private room never appears in the listing nor receives quick play", async () => {
    const created = await post(server, "/api/private", {});
    await join(created.body.reservation);
    assert.deepEqual((await api(server, "GET", "/api/rooms?name=arena")).body, []);
    const quick = await post(server, "/api/quickplay", {});
    assert.notEqual(quick.body.roomId, created.body.roomId);
    await join(quick.body);
  });

  test("joining by code answers a consumable seat in that room; the code is case-insensitive", async () => {
    const created = await post(server, "/api/private", {});
    await join(created.body.reservation);
    const res = await post(server, `/api/private/${created.body.code.toLowerCase()}/join`, { name: "guest" });
    assert.equal(res.status, 200);
    assertReservation(res.body);
    assert.equal(res.body.roomId, created.body.roomId);
    const guest = await join(res.body);
    assert.equal(guest.roomId, created.body.roomId);
    await waitUntil(() => guest.state.players?.get(guest.sessionId)?.name === "guest");
  });

  test("an unknown or impossible code is a 404 unknown_code", async () => {
    const code = PRIVATE_CODE_ALPHABET.slice(0, 6);
    assertError(await post(server, `/api/private/${code}/join`, {}), 404, "unknown_code");
    assertError(await post(server, "/api/private/0O1I00/join", {}), 404, "unknown_code");
    assertError(await post(server, "/api/private/TOOLONGCODE/join", {}), 404, "unknown_code");
  });

  test("a room whose player seats are taken or promised is a 409 room_full, even before anyone connects", async () => {
    const created = await post(server, "/api/private", { maxPlayers: 2 });
    const second = await post(server, `/api/private/${created.body.code}/join`, {});
    assert.equal(second.status, 200);
    // Neither seat has been used yet: the creator's and the second player's promises fill the room.
    assertError(await post(server, `/api/private/${created.body.code}/join`, {}), 409, "room_full");
    await join(created.body.reservation);
    await join(second.body);
    assertError(await post(server, `/api/private/${created.body.code}/join`, {}), 409, "room_full");
  });

  test("concurrent joins by code never promise more seats than the room has", async () => {
    const created = await post(server, "/api/private", { maxPlayers: 4 });
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => post(server, `/api/private/${created.body.code}/join`, {})),
    );
    const granted = answers.filter((res) => res.status === 200);
    assert.equal(granted.length, 3);
    for (const res of answers) if (res.status !== 200) assertError(res, 409, "room_full");
    const rooms = await Promise.all([created.body.reservation, ...granted.map((res) => res.body)].map(join));
    assert.equal(new Set(rooms.map((room) => room.roomId)).size, 1);
    await waitUntil(async () => (await listing(created.body.roomId)).metadata.humans === 4);
  });

  test("bad create and join bodies are 400s naming the field", async () => {
    for (const body of [{ maxPlayers: 1 }, { maxPlayers: 65 }, { maxPlayers: 2.5 }, { maxPlayers: "8" }, { mode: "ctf" }, { name: "" }]) {
      const res = await post(server, "/api/private", body);
      assertError(res, 400, "invalid_field");
      assert.match(res.body.error.message, new RegExp(Object.keys(body)[0]));
    }
    assertError(await post(server, "/api/private", "{"), 400, "malformed_json");
    const created = await post(server, "/api/private", {});
    await join(created.body.reservation);
    assertError(await post(server, `/api/private/${created.body.code}/join`, { name: 7 }), 400, "invalid_field");
    assertError(await post(server, `/api/private/${created.body.code}/join`, "nul"), 400, "malformed_json");
  });

  test("codes are unique among live rooms and released when the room disposes", async () => {
    const created = await Promise.all(Array.from({ length: 30 }, () => post(server, "/api/private", {})));
    const codes = created.map((res) => res.body.code);
    assert.equal(new Set(codes).size, 30);
    assert.equal(await matchMaker.presence.hlen("arena:private-codes"), 30);
    await Promise.all(created.map((res) => join(res.body.reservation)));
    await leaveAll(joined.splice(0));
    assert.equal(await matchMaker.presence.hlen("arena:private-codes"), 0);
    assertError(await post(server, `/api/private/${codes[0]}/join`, {}), 404, "unknown_code");
  });

  test("a drawn code already in use is drawn again", async () => {
    const created = await post(server, "/api/private", {});
    await join(created.body.reservation);
    const bytesOf = (code: string) => Uint8Array.from(code, (letter) => PRIVATE_CODE_ALPHABET.indexOf(letter));
    const draws = [bytesOf(created.body.code), bytesOf("HJK234")];
    const codes = new PrivateCodes(new EventEmitter() as unknown as RegisteredHandler, () => draws.shift()!);
    assert.equal(await codes.draw(), "HJK234");
    codes.abandon("HJK234");
  });

  test("a room created through /matchmake with a code does not capture that code", async () => {
    const created = await post(server, "/api/private", {});
    await join(created.body.reservation);
    const squatter = await server.colyseus.sdk.create("arena", { private: true, code: created.body.code });
    joined.push(squatter);
    const res = await post(server, `/api/private/${created.body.code}/join`, {});
    assert.equal(res.body.roomId, created.body.roomId);
    await join(res.body);
  });
});

describe("Colyseus's own route", () => {
  test("the SDK's joinOrCreate and joinById still work through /matchmake", async () => {
    const first = await server.colyseus.sdk.joinOrCreate("arena", { name: "sdk" });
    joined.push(first);
    const second = await server.colyseus.sdk.joinById(first.roomId, {});
    joined.push(second);
    assert.equal(second.roomId, first.roomId);
    const res = await fetch(`${server.url}/matchmake/joinOrCreate/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    assert.equal(res.status, 200);
    const seat = await res.json();
    joined.push(await server.colyseus.sdk.consumeSeatReservation(seat));
  });
});

describe("metrics", () => {
  test("matchmaking requests are counted by route and result", async () => {
    await join((await post(server, "/api/quickplay", {})).body);
    await post(server, "/api/private/AAAAAA/join", {});
    const text = await (await fetch(`${server.url}/metrics`)).text();
    assert.match(text, /arena_matchmaking_requests_total\{route="quickplay",result="ok"\} [1-9]/);
    assert.match(text, /arena_matchmaking_requests_total\{route="private_join",result="unknown_code"\} [1-9]/);
  });
});

// Last: draining is final for a server.
describe("draining", () => {
  test("new matchmaking is refused with 503 while the listing still answers", async () => {
    const created = await post(server, "/api/private", {});
    await join(created.body.reservation);
    server.status.markDraining();
    assertError(await post(server, "/api/quickplay", {}), 503, "draining");
    assertError(await post(server, "/api/private", {}), 503, "draining");
    assertError(await post(server, `/api/private/${created.body.code}/join`, {}), 503, "draining");
    assert.equal((await api(server, "GET", "/api/rooms")).status, 200);
  });
});
