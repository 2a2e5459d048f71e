import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const get = (path: string) => fetch(`${server.url}${path}`);
const post = (path: string, body: string, type = "application/json") =>
  fetch(`${server.url}${path}`, { method: "POST", headers: { "content-type": type }, body });

function assertErrorShape(body: any, code?: string) {
  assert.equal(typeof body.error?.code, "string");
  assert.match(body.error.code, /^[a-z]+(_[a-z]+)*$/);
  assert.equal(typeof body.error.message, "string");
  if (code) assert.equal(body.error.code, code);
}

describe("health and readiness", () => {
  test("GET /health answers ok with uptime and the package version", async () => {
    const res = await get("/health");
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.status, "ok");
    assert.ok(Number.isInteger(body.uptimeSeconds) && body.uptimeSeconds >= 0);
    assert.match(body.version, /^\d+\.\d+\.\d+$/);
  });

  test("GET /ready counts rooms and clients while ready", async () => {
    const room = await server.colyseus.sdk.joinOrCreate("chat", {});
    const res = await get("/ready");
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: "ready", rooms: 1, clients: 1 });
    await room.leave();
    await server.colyseus.cleanup();
  });
});

describe("errors are JSON, never HTML or 500", () => {
  test("an unknown /api path is a 404 in the error shape", async () => {
    const res = await get("/api/does-not-exist");
    assert.equal(res.status, 404);
    assert.match(res.headers.get("content-type") ?? "", /application\/json/);
    assertErrorShape(await res.json(), "not_found");
  });

  test("an unknown path outside /api is a JSON 404 too", async () => {
    const res = await get("/no/such/page");
    assert.equal(res.status, 404);
    assertErrorShape(await res.json(), "not_found");
  });

  for (const body of ["{bad", '{"a":', "nul", "\u0000\u0001"]) {
    test(`a malformed JSON body ${JSON.stringify(body)} is a 400 malformed_json`, async () => {
      const res = await post("/api/anything", body);
      assert.equal(res.status, 400);
      assertErrorShape(await res.json(), "malformed_json");
    });
  }

  test("a huge body is refused with 413 in the error shape", async () => {
    const res = await post("/api/anything", JSON.stringify({ blob: "x".repeat(200_000) }));
    assert.equal(res.status, 413);
    assertErrorShape(await res.json(), "payload_too_large");
  });
});

// Last: draining is final for a server.
describe("draining", () => {
  test("GET /ready answers 503 draining once the server is stopping, and /health stays 200", async () => {
    server.status.markDraining();
    const res = await get("/ready");
    assert.equal(res.status, 503);
    const body = await res.json();
    assert.equal(body.status, "draining");
    assert.equal(typeof body.reason, "string");
    assert.equal((await get("/health")).status, 200);
  });
});
