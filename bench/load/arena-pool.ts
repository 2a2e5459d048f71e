import { performance } from "node:perf_hooks";
import { LatencyHistogram, type SerializedHistogram } from "../lib/latency.ts";
import { leanInputSender, sdkInputSender, type InputFields, type InputSender } from "./lean-input.ts";

/**
 * A pool of arena clients inside one load-generator thread (bench/load/arena.ts runs one or more).
 * Every client joins through the real @colyseus/sdk (matchmaking over HTTP, then the room's
 * WebSocket) and sends one input per step (30/s) with random movement, aim and fire:
 * - against Arena, through the SDK's own `room.input()` handle — the exact frames a game client
 *   sends, each with a fresh `seq`;
 * - against the naive room, as plain `room.send("input", {...})` messages.
 * Most clients are lean: once joined, their socket's messages are counted (bytes, frames, state
 * patches) and not decoded, and they write their inputs' bytes themselves, exactly as the SDK would
 * (lean-input.ts). Every `fullEvery`-th client is a full SDK client that decodes every
 * patch, checks that what it sees is sane, and times its inputs to their `lastInput` ack.
 */

export interface PoolOptions {
  url: string;
  target: "arena" | "naive";
  /** Every n-th client decodes fully (1 = all of them). */
  fullEvery: number;
  /** Index of this pool's first client (names, full-client choice). */
  firstIndex: number;
  stepHz: number;
}

export interface WindowStats {
  clients: number;
  fullClients: number;
  ms: number;
  bytes: number;
  frames: number;
  patches: number;
  /** Patches the least-served client got in the window. */
  minPatches: number;
  /** Patch counts per client, 5th percentile. */
  p5Patches: number;
  inputsSent: number;
  inputSlotsDue: number;
  inputSlotsMissed: number;
  dropped: number;
  latency: SerializedHistogram;
  sanity: { checked: number; failed: number; firstFailure?: string };
  cpuSeconds: number;
  eventLoopUtilization: number;
}

interface LoadClient {
  room: any;
  sessionId: string;
  full: boolean;
  sendInput: InputSender;
  seq: number;
  dx: number;
  dy: number;
  aim: number;
  bytes: number;
  frames: number;
  patches: number;
  left: boolean;
  group: number;
  /** Full clients only: send time of each seq (ring) and the last ack seen. */
  sentAt?: Float64Array;
  acked: number;
  sanityFailure?: string;
  checked: number;
}

const ROOM_STATE_PATCH = 15;
const PROTOCOL_CODE_BITS = 0x1f;
const GROUPS = 8;
const SEND_RING = 256;
const WORLD = 3000;
/** Human players per room, as the scenarios ask (Arena's default maxPlayers). */
export const ROOM_SIZE = 16;

export class ArenaClientPool {
  private readonly clients: LoadClient[] = [];
  private joined = 0;
  private Client: any;
  private timer: NodeJS.Timeout | undefined;
  private startedAt = 0;
  private readonly lastSlot = new Float64Array(GROUPS).fill(-1);
  private sent = 0;
  private due = 0;
  private missed = 0;
  private dropped = 0;
  private measuring = false;
  private latency = new LatencyHistogram();
  private windowStart = 0;
  private cpuAtStart = process.cpuUsage();
  private eluAtStart = performance.eventLoopUtilization();
  /** The input being sent, reused: every sender has encoded it by the time it returns. */
  private readonly input: InputFields = { seq: 0, dx: 0, dy: 0, aim: 0, fire: false };

  constructor(private readonly options: PoolOptions) {}

  get size(): number {
    return this.clients.length;
  }

  /**
   * Opens `count` more clients in rooms of ROOM_SIZE, `concurrency` at a time: the first client of each
   * room creates it, the rest join it by id (as players who share a room code would). Returns how many
   * failed and the first error.
   */
  async connect(count: number, concurrency: number, timeoutMs: number): Promise<{ failed: number; error?: string }> {
    this.Client ??= (await import("@colyseus/sdk")).Client;
    const deadline = performance.now() + timeoutMs;
    let failed = 0;
    let error: string | undefined;
    const groups: number[] = [];
    for (let left = count; left > 0; left -= ROOM_SIZE) groups.push(Math.min(ROOM_SIZE, left));
    let nextGroup = 0;
    let index = this.options.firstIndex + this.joined;
    const attempt = async (i: number, roomId?: string) => {
      try {
        if (performance.now() > deadline) throw new Error("connect budget spent");
        const c = await this.join(i, roomId);
        this.clients.push(c);
        return c;
      } catch (e) {
        failed++;
        error ??= (e as Error).message;
        return undefined;
      }
    };
    const worker = async () => {
      while (nextGroup < groups.length) {
        const size = groups[nextGroup++]!;
        const first = index;
        index += size;
        const creator = await attempt(first);
        if (creator === undefined) {
          failed += size - 1;
          continue;
        }
        await Promise.all(Array.from({ length: size - 1 }, (_, k) => attempt(first + 1 + k, creator.room.roomId)));
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(Math.ceil(concurrency / ROOM_SIZE), groups.length)) }, worker));
    this.joined += count;
    this.start();
    return { failed, error };
  }

  startWindow(): void {
    for (const c of this.clients) {
      c.bytes = c.frames = c.patches = 0;
      c.checked = 0;
    }
    this.sent = this.due = this.missed = this.dropped = 0;
    this.latency = new LatencyHistogram();
    this.measuring = true;
    this.windowStart = performance.now();
    this.cpuAtStart = process.cpuUsage();
    this.eluAtStart = performance.eventLoopUtilization();
  }

  endWindow(): WindowStats {
    this.measuring = false;
    const ms = performance.now() - this.windowStart;
    const cpu = process.cpuUsage(this.cpuAtStart);
    const elu = performance.eventLoopUtilization(this.eluAtStart);
    const live = this.clients.filter((c) => !c.left);
    const patchCounts = live.map((c) => c.patches).sort((a, b) => a - b);
    const sanity = { checked: 0, failed: 0, firstFailure: undefined as string | undefined };
    for (const c of live) {
      if (!c.full) continue;
      this.checkSanity(c);
      sanity.checked += c.checked;
      if (c.sanityFailure) {
        sanity.failed++;
        sanity.firstFailure ??= c.sanityFailure;
      }
    }
    return {
      clients: live.length,
      fullClients: live.filter((c) => c.full).length,
      ms,
      bytes: sum(live, (c) => c.bytes),
      frames: sum(live, (c) => c.frames),
      patches: sum(live, (c) => c.patches),
      minPatches: patchCounts[0] ?? 0,
      p5Patches: patchCounts[Math.floor(patchCounts.length * 0.05)] ?? 0,
      inputsSent: this.sent,
      inputSlotsDue: this.due,
      inputSlotsMissed: this.missed,
      dropped: this.dropped,
      latency: this.latency.toJSON(),
      sanity,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      eventLoopUtilization: elu.utilization,
    };
  }

  async close(timeoutMs: number): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(this.clients.map((c) => (c.left ? undefined : c.room.leave(true)))),
      new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
    for (const c of this.clients) c.room.connection?.close?.();
    this.clients.length = 0;
  }

  private async join(index: number, roomId?: string): Promise<LoadClient> {
    const client = new this.Client(this.options.url);
    const name = `bench-${index}`;
    const room = roomId === undefined ? await client.create("arena", { name }) : await client.joinById(roomId, { name });
    const full = index % this.options.fullEvery === 0;
    const c: LoadClient = {
      room,
      sessionId: room.sessionId,
      full,
      sendInput: full ? sdkInputSender(room, this.options.target) : leanInputSender(room, this.options.target),
      seq: 0,
      dx: randomAxis(),
      dy: randomAxis(),
      aim: Math.random() * 2 * Math.PI - Math.PI,
      bytes: 0,
      frames: 0,
      patches: 0,
      left: false,
      // Random, not index % GROUPS: full clients are every n-th index, so they would all share one or
      // two of the send phases, and the input-latency figure would hang on where each room's step falls.
      group: Math.floor(Math.random() * GROUPS),
      acked: 0,
      checked: 0,
    };
    const events = room.connection.events;
    if (full) {
      c.sentAt = new Float64Array(SEND_RING);
      const decode = events.onmessage;
      events.onmessage = (event: { data: ArrayBuffer }) => {
        this.count(c, event.data);
        decode(event);
      };
      room.onStateChange(() => this.observe(c));
    } else {
      events.onmessage = (event: { data: ArrayBuffer }) => this.count(c, event.data);
    }
    room.onLeave(() => {
      c.left = true;
      if (this.measuring) this.dropped++;
    });
    return c;
  }

  private count(c: LoadClient, data: ArrayBuffer): void {
    c.bytes += data.byteLength;
    c.frames++;
    if ((new Uint8Array(data, 0, 1)[0]! & PROTOCOL_CODE_BITS) === ROOM_STATE_PATCH) c.patches++;
  }

  /** A full client's view of the state after a patch: its ack, for latency, and a sanity check. */
  private observe(c: LoadClient): void {
    const me = c.room.state?.players?.get(c.sessionId);
    if (me === undefined) return;
    const ack = me.lastInput as number;
    if (ack > c.acked) {
      if (this.measuring && c.sentAt) {
        const now = performance.now();
        for (let s = Math.max(c.acked + 1, ack - SEND_RING + 1); s <= ack; s++) {
          const at = c.sentAt[s % SEND_RING]!;
          if (at > 0) this.latency.record(now - at);
        }
      }
      c.acked = ack;
    }
    if (c.frames % 16 === 0) this.checkSanity(c);
  }

  private checkSanity(c: LoadClient): void {
    if (c.sanityFailure) return;
    const state = c.room.state;
    const me = state?.players?.get(c.sessionId);
    c.checked++;
    const fail = (why: string) => void (c.sanityFailure = `${c.sessionId}: ${why}`);
    if (me === undefined) return fail("own player missing from the state");
    if (!(me.x >= 0 && me.x <= WORLD && me.y >= 0 && me.y <= WORLD)) return fail(`own position out of the world (${me.x}, ${me.y})`);
    if (me.lastInput > c.seq) return fail(`ack ${me.lastInput} is ahead of the last input sent (${c.seq})`);
    if (state.players.size < 1 || state.players.size > 16) return fail(`${state.players.size} players in view`);
    if (state.walls?.length !== undefined && state.walls.length === 0) return fail("no walls");
  }

  /** Starts the input clock (once): every client sends one input per step, groups staggered over the step. */
  private start(): void {
    if (this.timer) return;
    this.startedAt = performance.now();
    const periodMs = 1000 / this.options.stepHz;
    this.timer = setInterval(() => {
      const elapsed = performance.now() - this.startedAt;
      for (let g = 0; g < GROUPS; g++) {
        const slot = Math.floor(elapsed / periodMs - g / GROUPS);
        const last = this.lastSlot[g]!;
        if (slot <= last) continue;
        this.lastSlot[g] = slot;
        const skipped = last < 0 ? 0 : slot - last - 1;
        for (const c of this.clients) {
          if (c.group !== g || c.left) continue;
          if (this.measuring) {
            this.due += 1 + skipped;
            this.missed += skipped;
            this.sent++;
          }
          this.sendInput(c);
        }
      }
    }, 2);
  }

  private sendInput(c: LoadClient): void {
    if (Math.random() < 1 / 30) {
      c.dx = randomAxis();
      c.dy = randomAxis();
    }
    c.aim += (Math.random() - 0.5) * 0.4;
    if (c.aim > Math.PI) c.aim -= 2 * Math.PI;
    if (c.aim < -Math.PI) c.aim += 2 * Math.PI;
    const input = this.input;
    input.fire = Math.random() < 0.3;
    input.seq = ++c.seq;
    input.dx = c.dx;
    input.dy = c.dy;
    input.aim = c.aim;
    if (c.sentAt) c.sentAt[input.seq % SEND_RING] = performance.now();
    c.sendInput(input);
  }
}

function randomAxis(): number {
  return Math.floor(Math.random() * 3) - 1;
}

function sum<T>(items: T[], of: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += of(item);
  return total;
}
