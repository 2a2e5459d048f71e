import { after, afterEach, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Room } from "@colyseus/sdk";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { closed, nextMessage } from "../helpers/wait.ts";
import { CHAT_HISTORY } from "../../src/rooms/ChatRoom.ts";
import { FLOOD_CLOSE_CODE, MESSAGES_PER_SECOND } from "../../src/rooms/rules.ts";

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
afterEach(() => server.colyseus.cleanup());
after(() => server.close());

const join = (options: object = {}) => server.colyseus.sdk.joinOrCreate("chat", options) as Promise<Room>;

/** Collects every message of `type` a room receives. */
function collect<T>(room: Room, type: string): T[] {
  const seen: T[] = [];
  room.onMessage(type, (payload: T) => seen.push(payload));
  return seen;
}

describe("chat: echo", () => {
  test("an echo comes back to the sender alone as 'Received: <text>'", async () => {
    const alice = await join({ name: "alice" });
    const bob = await join({ name: "bob" });
    assert.equal(alice.roomId, bob.roomId);
    const bobEchoes = collect(bob, "echo");
    alice.send("echo", "hello arena");
    assert.equal(await nextMessage(alice, "echo"), "Received: hello arena");
    // bob's own echo arrives after anything alice's could have caused
    bob.send("echo", "ping");
    assert.equal(await nextMessage(bob, "echo"), "Received: ping");
    assert.deepEqual(bobEchoes, ["Received: ping"]);
  });

  test("echo keeps text of exactly 1000 characters intact", async () => {
    const room = await join();
    const text = "é".repeat(1000);
    room.send("echo", text);
    assert.equal(await nextMessage(room, "echo"), `Received: ${text}`);
  });
});

describe("chat: say and history", () => {
  test("say appends to the synchronized history and acks the sender with the message id", async () => {
    const alice = await join({ name: "alice" });
    const bob = await join({ name: "bob" });
    alice.send("say", { text: "gl hf" });
    const ack = await nextMessage<{ id: number }>(alice, "ack");
    await waitFor(() => bob.state.messages?.length === 1);
    const message = bob.state.messages[0];
    assert.equal(message.id, ack.id);
    assert.equal(message.from, "alice");
    assert.equal(message.text, "gl hf");
    assert.ok(Math.abs(message.at - Date.now()) < 5000);
  });

  test(`the history keeps only the newest ${CHAT_HISTORY} messages`, async () => {
    const room = await join();
    const roomOnServer = server.colyseus.getRoomById(room.roomId);
    // Sent in paced batches so the rate limit does not interfere.
    for (let i = 1; i <= CHAT_HISTORY + 5; i++) {
      room.send("say", { text: `m${i}` });
      await nextMessage(room, "ack");
      if (i % 15 === 0) await sleepUntilRefilled();
    }
    await waitFor(() => room.state.messages?.length === CHAT_HISTORY && room.state.messages[CHAT_HISTORY - 1].text === `m${CHAT_HISTORY + 5}`);
    assert.equal(room.state.messages[0].text, "m6");
    assert.equal((roomOnServer.state as any).messages.length, CHAT_HISTORY);
  });
});

describe("chat: members", () => {
  test("members are listed by sessionId with their name, and removed when they leave", async () => {
    const alice = await join({ name: "alice" });
    const guest = await join();
    await waitFor(() => alice.state.members?.size === 2);
    assert.equal(alice.state.members.get(alice.sessionId).name, "alice");
    assert.match(alice.state.members.get(guest.sessionId).name, /^guest-.{4}$/);
    await guest.leave();
    await waitFor(() => alice.state.members?.size === 1);
    assert.equal(alice.state.members.has(guest.sessionId), false);
  });

  for (const [label, options] of [
    ["an empty name", { name: "" }],
    ["a 25-character name", { name: "x".repeat(25) }],
    ["a numeric name", { name: 42 }],
  ] as const) {
    test(`a join with ${label} is refused with a message naming the option`, async () => {
      await assert.rejects(join(options), /invalid option name/);
    });
  }
});

describe("chat: bad messages", () => {
  const invalid: Array<[string, unknown]> = [
    ["echo", 42],
    ["echo", ""],
    ["echo", "x".repeat(1001)],
    ["echo", undefined],
    ["say", { text: "" }],
    ["say", { text: "x".repeat(501) }],
    ["say", "not an object"],
    ["say", { text: ["array"] }],
  ];
  for (const [type, payload] of invalid) {
    test(`${type} ${JSON.stringify(payload)?.slice(0, 30)} is answered invalid_message and changes nothing`, async () => {
      const room = await join();
      room.send(type, payload);
      assert.deepEqual(await nextMessage(room, "error"), { code: "invalid_message", type });
      room.send("echo", "still here");
      assert.equal(await nextMessage(room, "echo"), "Received: still here");
      assert.equal(room.state.messages.length, 0);
    });
  }

  test("an unknown message type is ignored and the client stays", async () => {
    const room = await join();
    const errors = collect(room, "error");
    room.send("teleport", { x: 1 });
    room.send("echo", "after");
    assert.equal(await nextMessage(room, "echo"), "Received: after");
    assert.deepEqual(errors, []);
  });
});

describe("chat: rate limit and floods", () => {
  test(`past ${MESSAGES_PER_SECOND} messages in a second a client is told rate_limited`, async () => {
    const room = await join();
    const echoes = collect(room, "echo");
    const limited = nextMessage(room, "error");
    for (let i = 0; i < MESSAGES_PER_SECOND + 5; i++) room.send("echo", `n${i}`);
    assert.deepEqual(await limited, { code: "rate_limited" });
    room.send("echo", "last");
    await sleepUntilRefilled();
    room.send("echo", "after the pause");
    await waitFor(() => echoes.includes("Received: after the pause"));
    assert.equal(echoes.length, MESSAGES_PER_SECOND + 1);
  });

  test("a client that keeps flooding is closed with 4008 and the others carry on", async () => {
    const flooder = await join();
    const bystander = await join();
    const code = closed(flooder);
    for (let i = 0; i < 300; i++) flooder.send("echo", "spam");
    assert.equal(await code, FLOOD_CLOSE_CODE);
    bystander.send("say", { text: "still fine" });
    await nextMessage(bystander, "ack");
    await waitFor(() => bystander.state.members?.size === 1);
  });
});

describe("chat: many clients", () => {
  test("1000 concurrent echo clients each get their own answer", async () => {
    const clients: Room[] = [];
    for (let batch = 0; batch < 10; batch++) {
      clients.push(...(await Promise.all(Array.from({ length: 100 }, () => join()))));
    }
    const answers = await Promise.all(
      clients.map((room, i) => {
        const answer = nextMessage(room, "echo", 20_000);
        room.send("echo", `client ${i}`);
        return answer;
      }),
    );
    answers.forEach((answer, i) => assert.equal(answer, `Received: client ${i}`));
    await Promise.all(clients.map((room) => room.leave()));
  });
});

/** Polls `predicate`; one reading state the first patch has not filled in yet uses `?.`: not met yet. */
async function waitFor(predicate: () => boolean, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The rate limiter refills continuously; one second empties any debt. */
const sleepUntilRefilled = () => new Promise((resolve) => setTimeout(resolve, 1000));
