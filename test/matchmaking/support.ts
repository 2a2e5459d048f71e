import assert from "node:assert/strict";
import { matchMaker } from "colyseus";
import type { Room } from "@colyseus/sdk";
import type { TestServer } from "../helpers/server.ts";

/** A JSON request to the server; `body` is sent as given when it is a string. */
export async function api(server: TestServer, method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text === "" ? undefined : JSON.parse(text) };
}

export const post = (server: TestServer, path: string, body?: unknown) => api(server, "POST", path, body);

/** Asserts the JSON error shape with `code`. */
export function assertError(response: { status: number; body: any }, status: number, code: string): void {
  assert.equal(response.status, status, JSON.stringify(response.body));
  assert.equal(response.body?.error?.code, code);
  assert.equal(typeof response.body.error.message, "string");
  assert.ok(response.body.error.message.length > 0);
}

/** Joins with a reservation through the real SDK. */
export function consume(server: TestServer, reservation: any): Promise<Room> {
  return server.colyseus.sdk.consumeSeatReservation(reservation);
}

export async function waitUntil(check: () => boolean | Promise<boolean>, ms = 5000, what = "condition"): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`${what} not met within ${ms} ms`);
    await sleep(20);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The listing of one room (this process's driver). */
export async function listing(roomId: string): Promise<any> {
  return (await matchMaker.query({ roomId }))[0];
}

/** Leaves every room and waits until no room of `name` is left. */
export async function leaveAll(rooms: Room[], name = "arena"): Promise<void> {
  await Promise.all(rooms.map((room) => room.connection.isOpen && room.leave(true)));
  await waitUntil(async () => (await matchMaker.query({ name })).length === 0, 5000, `every ${name} room disposed`);
}
