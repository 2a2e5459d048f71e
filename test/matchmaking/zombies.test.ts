import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { TestServer } from "../helpers/server.ts";

// Colyseus reads its seat reservation time once, when @colyseus/core loads: set it first, then load.
const SEAT_SECONDS = 1;
process.env.COLYSEUS_SEAT_RESERVATION_TIME = String(SEAT_SECONDS);
const { matchMaker } = await import("colyseus");
const { startTestServer } = await import("../helpers/server.ts");
const { assertError, consume, leaveAll, listing, post, sleep, waitUntil } = await import("./support.ts");
const { closed } = await import("../helpers/wait.ts");

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

describe("reservations nobody uses", () => {
  test("a room whose only reservation is never used disposes once the seat expires", async () => {
    const res = await post(server, "/api/quickplay", {});
    assert.ok(await listing(res.body.roomId));
    await waitUntil(async () => (await listing(res.body.roomId)) === undefined, SEAT_SECONDS * 1000 + 3000, "room disposed");
    assert.deepEqual(await matchMaker.query({ name: "arena" }), []);
    await assert.rejects(consume(server, res.body));
  });

  test("a private room nobody enters disposes and releases its code", async () => {
    const created = await post(server, "/api/private", {});
    assert.equal(await matchMaker.presence.hlen("arena:private-codes"), 1);
    await waitUntil(async () => (await listing(created.body.roomId)) === undefined, SEAT_SECONDS * 1000 + 3000, "room disposed");
    await waitUntil(async () => (await matchMaker.presence.hlen("arena:private-codes")) === 0, 1000, "code released");
    assertError(await post(server, `/api/private/${created.body.code}/join`, {}), 404, "unknown_code");
  });

  test("an expired promise frees its player seat again, and the new seat is usable", async () => {
    const created = await post(server, "/api/private", { maxPlayers: 2 });
    const host = await consume(server, created.body.reservation);
    const unused = await post(server, `/api/private/${created.body.code}/join`, {});
    assert.equal(unused.status, 200);
    assertError(await post(server, `/api/private/${created.body.code}/join`, {}), 409, "room_full");
    // Colyseus drops the reservation after SEAT_SECONDS; the ledger one second later.
    await sleep(SEAT_SECONDS * 1000 + 1100);
    const again = await post(server, `/api/private/${created.body.code}/join`, {});
    assert.equal(again.status, 200);
    const guest = await consume(server, again.body);
    await waitUntil(async () => (await listing(created.body.roomId)).metadata.humans === 2);
    await assert.rejects(consume(server, unused.body));
    await leaveAll([host, guest]);
    assert.equal((matchMaker.getLocalRoomById(created.body.roomId) as unknown), undefined);
  });

  test("matched players who neither confirm nor come are let go by the queue, and their match disposes", async () => {
    const players = await Promise.all([1500, 1500, 1500, 1500].map((rating) => server.colyseus.sdk.joinOrCreate("queue", { rating })));
    const seats = await Promise.all(
      players.map((queue) => new Promise<any>((resolve) => queue.onMessage("seat", resolve))),
    );
    const matchId = seats[0].roomId;
    const started = Date.now();
    const codes = await Promise.all(players.map((queue) => closed(queue, SEAT_SECONDS * 1000 + 2000)));
    assert.deepEqual(codes, [1000, 1000, 1000, 1000]);
    assert.ok(Date.now() - started >= SEAT_SECONDS * 1000 - 200);
    await waitUntil(async () => (await listing(matchId)) === undefined, SEAT_SECONDS * 1000 + 3000, "match disposed");
    await waitUntil(async () => (await matchMaker.query({ name: "queue" })).length === 0, 2000, "queue disposed");
  });
});
