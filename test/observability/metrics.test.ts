import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { Room } from "@colyseus/sdk";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { nextMessage } from "../helpers/wait.ts";

let server: TestServer;
before(async () => {
  server = await startTestServer({ MONITOR_PASSWORD: "s3cret" });
});
after(() => server.close());

/** Parses Prometheus text into `name{labels}` → value. */
async function scrape(): Promise<Map<string, number>> {
  const res = await fetch(`${server.url}/metrics`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /text\/plain/);
  const samples = new Map<string, number>();
  for (const line of (await res.text()).split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

test("/metrics reports process metrics and every arena_* metric after real traffic", async () => {
  const sdk = server.colyseus.sdk;
  const chat: Room = await sdk.joinOrCreate("chat", {});
  const arena: Room = await sdk.joinOrCreate("arena", { bots: 1 });
  chat.send("echo", "metered");
  await nextMessage(chat, "echo");
  chat.send("echo", 42);
  await nextMessage(chat, "error");
  chat.send("no-such-type", {});
  await new Promise<void>((resolve) => arena.onStateChange.once(() => resolve()));
  await server.colyseus.getRoomById(arena.roomId).waitForNextTimestep();

  const samples = await scrape();
  assert.ok(samples.has("process_cpu_seconds_total"), "default process metrics");
  assert.equal(samples.get("arena_clients"), 2);
  assert.equal(samples.get('arena_rooms{room="chat"}'), 1);
  assert.equal(samples.get('arena_rooms{room="arena"}'), 1);
  assert.ok((samples.get('arena_tick_duration_seconds_count{room="arena"}') ?? 0) > 0);
  assert.ok((samples.get('arena_patch_bytes_total{room="arena"}') ?? 0) > 0);
  assert.equal(samples.get('arena_messages_rejected_total{room="chat",reason="invalid_message"}'), 1);
  assert.equal(samples.get("arena_input_repeats_total"), 0, "no input was late: a player without inputs repeats nothing");
  await waitUntil(async () => (await scrape()).get('arena_messages_rejected_total{room="chat",reason="unknown_type"}') === 1);

  await chat.leave();
  await arena.leave();
  await server.colyseus.cleanup();
  const after = await scrape();
  assert.equal(after.get("arena_clients"), 0);
  assert.equal(after.get('arena_rooms{room="arena"}') ?? 0, 0);
});

test("/monitor asks for the admin password and refuses a wrong one", async () => {
  const none = await fetch(`${server.url}/monitor/`);
  assert.equal(none.status, 401);
  assert.match(none.headers.get("www-authenticate") ?? "", /^Basic/);
  const wrong = await fetch(`${server.url}/monitor/`, { headers: { authorization: `Basic ${btoa("admin:nope")}` } });
  assert.equal(wrong.status, 401);
  const right = await fetch(`${server.url}/monitor/`, { headers: { authorization: `Basic ${btoa("admin:s3cret")}` } });
  assert.equal(right.status, 200);
});

async function waitUntil(check: () => Promise<boolean>, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
