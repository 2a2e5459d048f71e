import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Client, type Room } from "@colyseus/sdk";
import { startServerProcess, type ServerProcess } from "../helpers/process.ts";
import { isolatedRedisUrl, startRedisServer } from "../helpers/redis.ts";
import { freePort } from "../helpers/ports.ts";

const running: ServerProcess[] = [];
after(() => Promise.all(running.map((proc) => proc.stop())));

/** Starts `npm start` on its own port with REDIS_URL and a matching PUBLIC_ADDRESS. */
async function node(redisUrl: string, extra: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const proc = await startServerProcess({ PORT: String(port), REDIS_URL: redisUrl, PUBLIC_ADDRESS: `127.0.0.1:${port}`, ...extra });
  running.push(proc);
  return proc;
}

async function eventually(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const readiness = async (proc: ServerProcess) => (await (await fetch(`${proc.url}/ready`)).json()).status as string;

describe("two processes and one Redis form one cluster", () => {
  const redis = isolatedRedisUrl();
  let a: ServerProcess;
  let b: ServerProcess;
  before(async () => {
    await redis.flush();
    [a, b] = await Promise.all([node(redis.url, { ARENA_MATCH_SIZE: "2" }), node(redis.url, { ARENA_MATCH_SIZE: "2" })]);
    await eventually(async () => (await readiness(a)) === "ready" && (await readiness(b)) === "ready");
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis.flush();
  });

  const api = (proc: ServerProcess, path: string, body: object = {}) =>
    fetch(`${proc.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  test("quick play through either process fills the same room", async () => {
    const first = await (await api(a, "/api/quickplay", { name: "qa" })).json();
    const second = await (await api(b, "/api/quickplay", { name: "qb" })).json();
    assert.equal(second.roomId, first.roomId);
    const rooms = await Promise.all([
      new Client(`ws://127.0.0.1:${a.port}`).consumeSeatReservation(second),
      new Client(`ws://127.0.0.1:${b.port}`).consumeSeatReservation(first),
    ]);
    assert.equal(rooms[0].roomId, rooms[1].roomId);
    await Promise.all(rooms.map((room) => room.leave()));
  });

  test("a private code created through A resolves through B", async () => {
    const created = await api(a, "/api/private", { name: "host" });
    assert.equal(created.status, 201);
    const { code, roomId, reservation } = await created.json();
    const host: Room = await new Client(`ws://127.0.0.1:${a.port}`).consumeSeatReservation(reservation);
    const joined = await api(b, `/api/private/${code}/join`, { name: "friend" });
    assert.equal(joined.status, 200);
    const friend: Room = await new Client(`ws://127.0.0.1:${b.port}`).consumeSeatReservation(await joined.json());
    assert.equal(friend.roomId, roomId);
    assert.equal((await api(b, "/api/private/ZZZZZZ/join")).status, 404);
    await Promise.all([host.leave(), friend.leave()]);
  });

  test("the queue matches players who joined through different processes", async () => {
    const seats = [a, b].map(async (proc, i) => {
      const client = new Client(`ws://127.0.0.1:${proc.port}`);
      const queue: Room = await client.joinOrCreate("queue", { rating: 1500 + i * 10, name: `ranked-${i}` });
      queue.onMessage("clients", () => {});
      const reservation = await new Promise<any>((resolve) => queue.onMessage("seat", resolve));
      const match: Room = await client.consumeSeatReservation(reservation);
      queue.send("confirm");
      return match;
    });
    const [one, two] = await Promise.all(seats);
    assert.equal(one.roomId, two.roomId);
    await Promise.all([one.leave(), two.leave()]);
  });

  test("a room created through A is listed and joinable through B, and leaves the cluster when its process stops", async () => {
    // The cluster places a new room on the least busy process, which may be either.
    const res = await fetch(`${a.url}/matchmake/create/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "first" }),
    });
    assert.equal(res.status, 200);
    const reservation = await res.json();
    const host = [a, b].find((proc) => reservation.publicAddress === `127.0.0.1:${proc.port}`)!;
    const other = host === a ? b : a;
    assert.ok(host, `the reservation names one of the two processes: ${reservation.publicAddress}`);

    const first: Room = await new Client(`ws://127.0.0.1:${other.port}`).consumeSeatReservation(reservation);
    // Joining by id through each process follows the seat to the host.
    const viaB: Room = await new Client(`ws://127.0.0.1:${b.port}`).joinById(first.roomId, { name: "via-b" });
    const viaA: Room = await new Client(`ws://127.0.0.1:${a.port}`).joinById(first.roomId, { name: "via-a" });
    assert.equal(viaB.roomId, first.roomId);
    assert.equal(viaA.roomId, first.roomId);
    await eventually(async () => first.state.members?.size === 3);

    const joinableThrough = async (proc: ServerProcess) =>
      (
        await fetch(`${proc.url}/matchmake/joinById/${first.roomId}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: "{}",
        })
      ).status === 200;
    assert.equal(await joinableThrough(other), true);

    const closed = Promise.all([first, viaA, viaB].map((room) => new Promise<number>((resolve) => room.onLeave.once(resolve))));
    host.signal("SIGTERM");
    await host.exited;
    for (const code of await closed) assert.notEqual(code, 1006);
    assert.equal(await readiness(other), "ready");
    await eventually(async () => !(await joinableThrough(other)));
  });
});

describe("readiness follows Redis", () => {
  test("/ready turns 503 degraded while Redis is unreachable and ready again when it returns", async () => {
    const redis = await startRedisServer();
    try {
      const proc = await node(redis.url);
      await eventually(async () => (await readiness(proc)) === "ready");
      await redis.stop();
      await eventually(async () => {
        const res = await fetch(`${proc.url}/ready`);
        const body = await res.json();
        return res.status === 503 && body.status === "degraded" && typeof body.reason === "string";
      });
      assert.equal((await fetch(`${proc.url}/health`)).status, 200, "liveness holds while degraded");
      const back = await startRedisServer(redis.port);
      try {
        await eventually(async () => (await readiness(proc)) === "ready", 15_000);
      } finally {
        await proc.stop();
        await back.stop();
      }
    } finally {
      await redis.stop();
    }
  });
});
