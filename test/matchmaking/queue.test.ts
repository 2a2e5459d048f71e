import { after, afterEach, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { matchMaker } from "colyseus";
import type { Room } from "@colyseus/sdk";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { closed, nextMessage } from "../helpers/wait.ts";
import { waitForSpread } from "../../src/matchmaking/ratingSpread.ts";
import type { ArenaQueueRoom } from "../../src/rooms/QueueRoom.ts";
import { consume, leaveAll, listing, sleep, waitUntil } from "./support.ts";

const MAX_WAIT_MS = 2000;
/** QueueRoom evaluates groups every MAX_WAIT_MS / 20 at this setting. */
const CYCLE_MS = 100;

let server: TestServer;
const joined: Room[] = [];
const queued: Queued[] = [];
before(async () => {
  server = await startTestServer({ ARENA_QUEUE_MAX_WAIT_MS: String(MAX_WAIT_MS), ARENA_MATCH_SIZE: "4" });
});
afterEach(async () => {
  await Promise.all(queued.splice(0).map((q) => q.room.connection.isOpen && q.room.leave()));
  await leaveAll(joined.splice(0));
  await waitUntil(async () => (await matchMaker.query({ name: "queue" })).length === 0, 3000, "queue disposed");
});
after(() => server.close());

interface Queued {
  room: Room;
  rating: number;
  joinedAt: number;
  /** The `seat` message and when it came. */
  seat: Promise<{ reservation: any; at: number }>;
  seated?: { reservation: any; at: number };
}

async function enqueue(rating: number, name?: string): Promise<Queued> {
  const room = await server.colyseus.sdk.joinOrCreate("queue", name === undefined ? { rating } : { rating, name });
  const entry: Queued = {
    room,
    rating,
    joinedAt: Date.now(),
    seat: new Promise((resolve) => {
      room.onMessage("seat", (reservation: any) => {
        entry.seated = { reservation, at: Date.now() };
        resolve(entry.seated);
      });
    }),
  };
  room.onMessage("clients", () => {});
  queued.push(entry);
  return entry;
}

/** Takes a matched player's seat and confirms to the queue, which then lets it go. */
async function takeSeat(entry: Queued): Promise<Room> {
  const { reservation } = await entry.seat;
  const arena = await consume(server, reservation);
  joined.push(arena);
  const leaving = closed(entry.room);
  entry.room.send("confirm");
  assert.equal(await leaving, 1000);
  return arena;
}

function queueRoom(): ArenaQueueRoom {
  const roomId = queued[0]?.room.roomId;
  return matchMaker.getLocalRoomById(roomId) as unknown as ArenaQueueRoom;
}

describe("queue: grouping by rating", () => {
  test("four close ratings are matched together while a far-off rating waits, then joins once its spread has widened", async () => {
    const close = await Promise.all([1500, 1510, 1520, 1530].map((rating) => enqueue(rating)));
    const far = await enqueue(1900);

    const seats = await Promise.all(close.map((entry) => entry.seat));
    const matchRoom = seats[0].reservation.roomId;
    for (const seat of seats) assert.equal(seat.reservation.roomId, matchRoom);
    for (const [i, seat] of seats.entries()) assert.equal(seat.reservation.sessionId, close[i].room.sessionId);
    assert.equal(far.seated, undefined);
    const arenas = await Promise.all(close.map(takeSeat));
    assert.deepEqual(
      new Set(arenas.map((arena) => arena.roomId)),
      new Set([matchRoom]),
    );
    const match = await listing(matchRoom);
    assert.equal(match.private, true);
    assert.equal(match.metadata.maxPlayers, 4);
    assert.equal(match.metadata.bots, 0);
    await waitUntil(async () => (await listing(matchRoom)).metadata.humans === 4);

    // Three newcomers near 1500: a group of 1500s and 1900 spans 400, allowed only after a wait.
    assert.equal(far.seated, undefined);
    const newcomers = await Promise.all([1500, 1500, 1500].map((rating) => enqueue(rating)));
    const second = await Promise.all([far, ...newcomers].map((entry) => entry.seat));
    for (const seat of second) assert.equal(seat.reservation.roomId, second[0].reservation.roomId);
    const waited = second[0].at - far.joinedAt;
    assert.ok(waited >= waitForSpread(400, MAX_WAIT_MS) - CYCLE_MS, `matched after ${waited} ms, before its spread allowed 400`);
    assert.ok(waited < MAX_WAIT_MS, `matched after ${waited} ms: by the bot backfill, not by the spread`);
    await Promise.all([far, ...newcomers].map(takeSeat));
    const secondMatch = await listing(second[0].reservation.roomId);
    assert.equal(secondMatch.metadata.bots, 0);
    await waitUntil(async () => (await listing(second[0].reservation.roomId)).metadata.humans === 4);
  });

  test("the seat carries the player's name into the match", async () => {
    const entries = await Promise.all(["ann", "bea", "cid", "dov"].map((name, i) => enqueue(2000 + i, name)));
    const arenas = await Promise.all(entries.map(takeSeat));
    await waitUntil(() => arenas[0].state.players?.get(arenas[0].sessionId)?.name === "ann");
    await waitUntil(() => arenas[3].state.players?.get(arenas[3].sessionId)?.name === "dov");
  });
});

describe("queue: bot backfill", () => {
  test(`after ${MAX_WAIT_MS} ms an incomplete group is completed with bots`, async () => {
    const pair = await Promise.all([1500, 2100].map((rating) => enqueue(rating)));
    const loner = await enqueue(6000);
    const [a, b, c] = await Promise.all([...pair, loner].map((entry) => entry.seat));
    // 1500 and 2100 span 600 (< the widest spread): one match with two bots; 6000 alone, with three.
    assert.equal(a.reservation.roomId, b.reservation.roomId);
    assert.notEqual(c.reservation.roomId, a.reservation.roomId);
    for (const [entry, seat] of [
      [pair[0], a],
      [loner, c],
    ] as const) {
      const waited = seat.at - entry.joinedAt;
      assert.ok(waited >= MAX_WAIT_MS, `seated after ${waited} ms`);
      assert.ok(waited < MAX_WAIT_MS + 1000, `seated after ${waited} ms`);
    }
    await Promise.all([...pair, loner].map(takeSeat));
    const pairRoom = await listing(a.reservation.roomId);
    const lonerRoom = await listing(c.reservation.roomId);
    assert.deepEqual([pairRoom.metadata.maxPlayers, pairRoom.metadata.bots], [4, 2]);
    assert.deepEqual([lonerRoom.metadata.maxPlayers, lonerRoom.metadata.bots], [4, 3]);
    await waitUntil(async () => (await listing(a.reservation.roomId)).metadata.humans === 2);
    await waitUntil(async () => (await listing(c.reservation.roomId)).metadata.humans === 1);
  });
});

describe("queue: leaving and bad input", () => {
  test("a player who leaves early is never matched, and the others are matched without it", async () => {
    const first = await Promise.all([3000, 3001].map((rating) => enqueue(rating)));
    const quitter = await enqueue(3002);
    await quitter.room.leave();
    await sleep(3 * CYCLE_MS);
    const rest = await Promise.all([3003, 3004].map((rating) => enqueue(rating)));
    const seats = await Promise.all([...first, ...rest].map((entry) => entry.seat));
    for (const seat of seats) assert.equal(seat.reservation.roomId, seats[0].reservation.roomId);
    assert.equal(quitter.seated, undefined);
    const queue = queueRoom();
    await Promise.all([...first, ...rest].map(takeSeat));
    await waitUntil(async () => (await listing(seats[0].reservation.roomId)).metadata.humans === 4);
    await waitUntil(() => queue.clients.length === 0, 2000, "every matched player let go");
    assert.equal(queue.handoffCount, 0);
  });

  test("bad join options are refused with a message naming the option", async () => {
    for (const options of [{ rating: "high" }, { rating: -5 }, { rating: 0 }, { rating: 20_000 }, { name: "" }]) {
      await assert.rejects(server.colyseus.sdk.joinOrCreate("queue", options), (error: Error) => {
        assert.match(error.message, new RegExp(`invalid option ${Object.keys(options)[0]}`));
        return true;
      });
    }
  });

  test("queue messages are validated and rate-limited like every room's", async () => {
    const entry = await enqueue(4000);
    const errors: any[] = [];
    entry.room.onMessage("error", (error: any) => errors.push(error));
    entry.room.send("confirm"); // before a seat: ignored, the player stays queued
    entry.room.send("no_such_type", {});
    for (let i = 0; i < 30; i++) entry.room.send("confirm");
    assert.deepEqual(await nextMessage(entry.room, "error"), { code: "rate_limited" });
    assert.equal(entry.room.connection.isOpen, true);
    assert.ok(errors.every((error) => error.code === "rate_limited"));
  });
});
