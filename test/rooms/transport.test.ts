import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import type { Room } from "@colyseus/sdk";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { closed, nextMessage } from "../helpers/wait.ts";
import { MAX_FRAME_BYTES } from "../../src/rooms/rules.ts";

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
afterEach(() => server.colyseus.cleanup());
after(() => server.close());

const join = () => server.colyseus.sdk.joinOrCreate("chat", {}) as Promise<Room>;

/** Every first byte (each protocol code) followed by junk. */
const garbageFrames = [
  ...Array.from({ length: 256 }, (_, code) => Uint8Array.from([code, 0xff, 0xc1, 0xde, 0xad, 0xbe, 0xef])),
  ...Array.from({ length: 256 }, (_, code) => Uint8Array.from([code])),
  Uint8Array.from([13, 0xd9, 0xff, 0x41]),
  Uint8Array.from([13, 0xa4, 0x65, 0x63, 0x68, 0x6f, 0xc1]),
];

test("garbage bytes on the socket never crash the server: the sender is dropped or ignored, others carry on", async () => {
  const bystander = await join();
  for (const frame of garbageFrames) {
    const vandal = await join();
    const gone = new Promise<void>((resolve) => vandal.onLeave.once(() => resolve()));
    vandal.connection.send(frame);
    // Either the server drops the vandal, or it still answers a proper echo.
    vandal.send("echo", "ok?");
    await Promise.race([gone, nextMessage(vandal, "echo", 3000)]);
    if (vandal.connection.isOpen) await vandal.leave();
  }
  bystander.send("echo", "still alive");
  assert.equal(await nextMessage(bystander, "echo"), "Received: still alive");
  const health = await fetch(`${server.url}/health`);
  assert.equal(health.status, 200);
});

test("a frame above the size limit closes the sender's socket (1009) without touching the others", async () => {
  const bystander = await join();
  const vandal = await join();
  const code = closed(vandal);
  vandal.connection.send(new Uint8Array(MAX_FRAME_BYTES + 1024));
  assert.equal(await code, 1009);
  bystander.send("echo", "after the big one");
  assert.equal(await nextMessage(bystander, "echo"), "Received: after the big one");
});
