// Shared set-up for the arena room tests (test/rooms/arena-*.test.ts). Every wait here is driven by
// state patches (one per fixed step) or by polling with a deadline; nothing sleeps a fixed time.

import { after, afterEach, before } from "node:test";
import type { InputHandle, InputOptions, Room } from "@colyseus/sdk";
import { matchMaker } from "colyseus";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import type { ArenaRoom } from "../../src/rooms/ArenaRoom.ts";
import { STEP_HZ, type PlayerBody, type World } from "../../src/sim/index.ts";

export type ArenaClient = Room<any, any>;

type Truthy<T> = Exclude<T, false | 0 | "" | null | undefined>;

/**
 * Boots one server for the test file, disposes every room after each test and closes the server at the
 * end. It patches after every step, whatever the default patch rate: these tests watch the room step
 * by step (arena-patch-rate.test.ts covers the default, a patch after every other step).
 */
export function useArenaServer(): { readonly server: TestServer } {
  const context = {} as { server: TestServer };
  before(async () => {
    context.server = await startTestServer({ ARENA_PATCH_HZ: String(STEP_HZ) });
  });
  afterEach(() => context.server.colyseus.cleanup());
  after(() => context.server.close());
  return context;
}

/** Creates a seeded arena room (spawns and bots replay exactly), joins it and waits for the first state. */
export async function createArena(server: TestServer, options: object = {}): Promise<ArenaClient> {
  return withState((await server.colyseus.sdk.create("arena", { seed: 1, ...options })) as ArenaClient);
}

export async function joinArena(server: TestServer, roomId: string, options: object = {}): Promise<ArenaClient> {
  return withState((await server.colyseus.sdk.joinById(roomId, options)) as ArenaClient);
}

async function withState(client: ArenaClient): Promise<ArenaClient> {
  await until(client, () => client.state?.players !== undefined, "first state");
  return client;
}

/** The server side of a client's room. */
export function serverRoom(server: TestServer, client: ArenaClient): ArenaRoom {
  const room = server.colyseus.getRoomById(client.roomId);
  if (room === undefined) throw new Error(`room ${client.roomId} is not on the server`);
  return room as unknown as ArenaRoom;
}

/** The sim's world behind a room: tests arrange scenes by assigning its fields. */
export function worldOf(server: TestServer, client: ArenaClient): World {
  return (serverRoom(server, client) as unknown as { world: World }).world;
}

export function bodyOf(server: TestServer, client: ArenaClient, id = client.sessionId): PlayerBody {
  const body = worldOf(server, client).players.get(id);
  if (body === undefined) throw new Error(`no player ${id} in the world`);
  return body;
}

/** Puts a player somewhere (and optionally sets other fields), as the sim's own data. */
export function place(server: TestServer, client: ArenaClient, x: number, y: number, id = client.sessionId): PlayerBody {
  const body = bodyOf(server, client, id);
  body.x = x;
  body.y = y;
  return body;
}

/**
 * Resolves with the predicate's value once it is truthy: checked now and after every state patch the
 * client receives (one per fixed step). Rejects with `what` after `ms`.
 */
export function until<T>(client: ArenaClient, predicate: () => T, what: string | (() => string), ms = 3000): Promise<Truthy<T>> {
  return new Promise((resolve, reject) => {
    const now = predicate();
    if (now) return resolve(now as Truthy<T>);
    const timer = setTimeout(() => {
      client.onStateChange.remove(check);
      reject(new Error(`${typeof what === "function" ? what() : what}: not within ${ms} ms`));
    }, ms);
    const check = () => {
      let value: T;
      try {
        value = predicate();
      } catch (err) {
        clearTimeout(timer);
        client.onStateChange.remove(check);
        return reject(err);
      }
      if (!value) return;
      clearTimeout(timer);
      client.onStateChange.remove(check);
      resolve(value as Truthy<T>);
    };
    client.onStateChange(check);
  });
}

/** Waits for `n` state patches (each is one fixed step of the room). */
export async function patches(client: ArenaClient, n: number, ms = 3000): Promise<void> {
  let seen = 0;
  await until(client, () => ++seen > n, `${n} patches`, ms);
}

/** Polls an async condition every 10 ms until it holds; for things no patch announces (listings, disposal). */
export async function eventually<T>(check: () => T | Promise<T>, what: string, ms = 3000): Promise<Truthy<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value as Truthy<T>;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The lobby listing of one arena room, as `GET /api/rooms` and the lobby see it. */
export async function listing(roomId: string) {
  const rooms = await matchMaker.query({ name: "arena" });
  return rooms.find((room) => room.roomId === roomId);
}

export interface InputFields {
  dx?: number;
  dy?: number;
  aim?: number;
  fire?: boolean;
}

/** Unapplied inputs `Pilot.hold` keeps queued on the server. */
const PRIMED = 3;

/** A client's input stream through the SDK handle: each `send` stages fields, numbers `seq` and sends one input. */
export class Pilot {
  readonly handle: InputHandle<any>;
  seq: number;

  constructor(
    readonly client: ArenaClient,
    options: InputOptions = {},
    firstSeq = 1,
  ) {
    this.handle = client.input(options);
    this.seq = firstSeq - 1;
  }

  send(fields: InputFields = {}): number {
    const data = this.handle.data;
    if (fields.dx !== undefined) data.dx = fields.dx;
    if (fields.dy !== undefined) data.dy = fields.dy;
    if (fields.aim !== undefined) data.aim = fields.aim;
    if (fields.fire !== undefined) data.fire = fields.fire;
    data.seq = ++this.seq;
    this.handle.send();
    return this.seq;
  }

  /**
   * Sends exactly `n` inputs with `fields` and resolves when the server has applied the last. The
   * server applies one a step; topping its buffer up after each patch to PRIMED unapplied inputs means
   * it never runs dry (which would repeat the held input for an extra step) however the patches and
   * this client's turns fall, and stays well inside the 8-input buffer.
   */
  async hold(fields: InputFields, n: number): Promise<number> {
    const first = this.seq + 1;
    const last = this.seq + n;
    const topUp = () => {
      const applied = Math.max(this.player()?.lastInput ?? 0, first - 1);
      while (this.seq < last && this.seq - applied < PRIMED) this.send(fields);
      return this.player()?.lastInput === last;
    };
    await until(this.client, topUp, `${n} inputs applied`, n * 100 + 2000);
    return last;
  }

  /** This client's own player as it sees it. */
  player() {
    return this.client.state?.players?.get(this.client.sessionId);
  }
}

/** Fast-forwards a countdown (the sim's own transition runs on the next step) and waits for `playing`. */
export async function skipCountdown(server: TestServer, client: ArenaClient): Promise<void> {
  const world = worldOf(server, client);
  await until(client, () => world.phase === "countdown", "countdown");
  world.phaseEndsAt = world.time;
  await until(client, () => client.state.phase === "playing", "playing");
}
