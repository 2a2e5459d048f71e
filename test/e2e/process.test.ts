import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { Client, type Room } from "@colyseus/sdk";
import { groupAlive, startServerProcess, type ServerProcess } from "../helpers/process.ts";
import { closed, nextMessage } from "../helpers/wait.ts";

const running: ServerProcess[] = [];
after(() => Promise.all(running.map((proc) => proc.stop())));

test("npm start serves HTTP and WebSocket, and SIGTERM closes clients cleanly and ends every process", async () => {
  const proc = await startServerProcess({ SHUTDOWN_TIMEOUT_MS: "5000" });
  running.push(proc);

  const health = await fetch(`${proc.url}/health`);
  assert.equal(health.status, 200);
  assert.equal((await health.json()).status, "ok");
  const ready = await fetch(`${proc.url}/ready`);
  assert.equal(ready.status, 200);

  const client = new Client(`ws://127.0.0.1:${proc.port}`);
  const rooms: Room[] = await Promise.all([0, 1, 2].map(() => client.joinOrCreate("chat", {})));
  rooms[0].send("echo", "before stop");
  assert.equal(await nextMessage(rooms[0], "echo"), "Received: before stop");

  const codes = Promise.all(rooms.map((room) => closed(room, 10_000)));
  const stoppedAt = Date.now();
  proc.signal("SIGTERM");
  for (const code of await codes) {
    assert.notEqual(code, 1006, "a clean close, not a cut connection");
    assert.ok(code >= 1000 && code < 5000, `close code ${code}`);
  }
  const [npmCode, npmSignal] = await proc.exited;
  assert.ok(npmCode === 0 || npmCode === 143 || npmSignal === "SIGTERM", `npm ended with ${npmCode}/${npmSignal}`);
  while (groupAlive(proc.child.pid!) && Date.now() - stoppedAt < 5000) await new Promise((r) => setTimeout(r, 20));
  assert.equal(groupAlive(proc.child.pid!), false, "every process of the group has ended");
  assert.ok(Date.now() - stoppedAt < 5000, "stopped within SHUTDOWN_TIMEOUT_MS");

  const log = proc.output();
  assert.match(log, /"msg":"stopped"/, "the server process reached its clean exit");
  const errors = log.split("\n").filter((line) => /"level":(50|60)/.test(line) || /\bError\b/.test(line));
  assert.deepEqual(errors, [], "the log shows no error");
});

test("SIGINT stops the server the same way", async () => {
  const proc = await startServerProcess();
  running.push(proc);
  proc.signal("SIGINT");
  await proc.exited;
  assert.match(proc.output(), /"msg":"stopped"/);
});

for (const [name, value] of [
  ["PORT", "abc"],
  ["PORT", "70000"],
  ["SHUTDOWN_TIMEOUT_MS", "-5"],
  ["LOG_LEVEL", "loud"],
  ["ARENA_MATCH_SIZE", "1"],
  ["ARENA_PATCH_HZ", "20"],
  ["REDIS_URL", "not a url"],
]) {
  test(`a bad ${name}=${value} stops start-up with one line naming the variable`, () => {
    const result = spawnSync("npm", ["start", "--silent"], {
      cwd: new URL("../..", import.meta.url),
      env: { ...process.env, PORT: "0", [name]: value },
      encoding: "utf8",
      timeout: 30_000,
    });
    assert.notEqual(result.status, 0);
    const lines = result.stderr.split("\n").filter((line) => line.startsWith("arena:"));
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0], new RegExp(`\\b${name}\\b`));
  });
}
