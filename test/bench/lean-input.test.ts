import { after, test } from "node:test";
import assert from "node:assert/strict";
import { Client } from "@colyseus/sdk";
import { startServer, stopAllChildren } from "../../bench/lib/processes.ts";
import { leanInputSender, sdkInputSender, type InputFields } from "../../bench/load/lean-input.ts";

after(() => stopAllChildren());

/**
 * Lean load clients must put on the wire exactly what the SDK would. One client joins each server
 * through the SDK, is made lean as the load generator makes it (its messages are taken off the SDK),
 * and sends every input twice, through the SDK and through the lean sender, to a connection that
 * records the bytes instead of sending them (so the server's rate limits and seq checks stay out of it).
 */
async function compare(target: "arena" | "naive"): Promise<void> {
  const server = await startServer(target === "arena" ? "arena" : "naive-arena");
  try {
    const room: any = await new Client(server.url).create("arena", { name: "bench-wire" });
    room.connection.events.onmessage = () => {};
    let sent: Uint8Array | undefined;
    const send = room.connection.send;
    room.connection.send = (data: Uint8Array) => void (sent = Uint8Array.from(data));
    const bySdk = sdkInputSender(room, target);
    const lean = leanInputSender(room, target);
    for (const [i, input] of inputs().entries()) {
      bySdk(input);
      const expected = sent;
      sent = undefined;
      lean(input);
      assert.ok(expected !== undefined, `input ${i}: the SDK sent nothing`);
      assert.deepEqual(sent, expected, `input ${i} ${JSON.stringify(input)}`);
    }
    room.connection.send = send;
    await room.leave(true);
  } finally {
    await server.stop();
  }
}

/** Edge cases first (seqs across every integer width, repeats that leave fields unchanged, both fires), then a random walk like the load's. */
function inputs(): InputFields[] {
  const list: InputFields[] = [];
  const add = (seq: number, dx: number, dy: number, aim: number, fire: boolean) => list.push({ seq, dx, dy, aim, fire });
  add(1, 0, 0, 0, false);
  add(2, 0, 0, 0, false);
  add(3, 1, -1, 0.5, true);
  add(4, 1, -1, 0.5, true);
  add(5, 1, -1, -0.5, false);
  for (const seq of [31, 32, 63, 64, 127, 128, 255, 256, 257, 65535, 65536, 65537, 70_000, 16_777_216, 2 ** 31, 2 ** 32 - 1]) {
    add(seq, seq % 3 - 1, 1 - (seq % 3), -Math.PI + (seq % 628) / 100, seq % 2 === 0);
  }
  add(2 ** 32 - 1, -1, -1, Math.PI, true);
  add(2 ** 32 - 1, -1, -1, 1e-9, true);
  add(2 ** 32 - 1, -1, -1, -0, false);
  add(2 ** 32 - 1, -1, -1, -2.9, false);
  let dx = 0;
  let dy = 0;
  let aim = 0;
  for (let seq = 1; seq <= 600; seq++) {
    if (Math.random() < 0.1) [dx, dy] = [Math.floor(Math.random() * 3) - 1, Math.floor(Math.random() * 3) - 1];
    if (Math.random() < 0.8) aim = Math.random() * 2 * Math.PI - Math.PI;
    add(seq, dx, dy, aim, Math.random() < 0.3);
  }
  return list;
}

test("lean arena clients send the same input frames as the SDK's room.input() handle", { timeout: 60_000 }, () => compare("arena"));

test("lean naive-room clients send the same input messages as the SDK's room.send", { timeout: 60_000 }, () => compare("naive"));
