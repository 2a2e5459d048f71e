import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { Room } from "colyseus";
import type { RejectReason } from "../rooms/messageGuard.ts";

/**
 * Every metric Arena exports (PROTOCOL §2 `/metrics`), in one registry. Counts of rooms and clients
 * and bytes sent are read when Prometheus scrapes, from the rooms this process hosts; the rest are
 * recorded where they happen.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const liveRooms = new Set<Room>();

/** Called from each room type's "create" event: the room counts until its "dispose". */
export function trackRoom(room: Room): void {
  liveRooms.add(room);
}

export function untrackRoom(room: Room): void {
  liveRooms.delete(room);
}

new Gauge({
  name: "arena_clients",
  help: "Clients connected to this process's rooms",
  registers: [registry],
  collect() {
    let clients = 0;
    for (const room of liveRooms) clients += room.clients.length;
    this.set(clients);
  },
});

new Gauge({
  name: "arena_rooms",
  help: "Rooms hosted by this process, by room type",
  labelNames: ["room"],
  registers: [registry],
  collect() {
    this.reset();
    for (const room of liveRooms) this.inc({ room: room.roomName });
  },
});

const tickDuration = new Histogram({
  name: "arena_tick_duration_seconds",
  help: "Time one fixed simulation step takes, including the patch it sends",
  labelNames: ["room"],
  buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.016, 0.025, 0.05, 0.1],
  registers: [registry],
});

/** The bytes each client's socket has had written, as last read; the next scrape counts the growth. */
const socketBytesSeen = new WeakMap<object, number>();

new Counter({
  name: "arena_patch_bytes_total",
  help: "Bytes written to the sockets of a room type's clients (state patches and room messages)",
  labelNames: ["room"],
  registers: [registry],
  collect() {
    for (const room of liveRooms) {
      let grown = 0;
      for (const client of room.clients) {
        const socket = (client.ref as { _socket?: { bytesWritten?: number } } | undefined)?._socket;
        const written = socket?.bytesWritten;
        if (written === undefined) continue;
        grown += written - (socketBytesSeen.get(client) ?? 0);
        socketBytesSeen.set(client, written);
      }
      if (grown > 0) this.inc({ room: room.roomName }, grown);
    }
  },
});

const rejected = new Counter({
  name: "arena_messages_rejected_total",
  help: "Client messages refused or ignored, by room type and reason",
  labelNames: ["room", "reason"],
  registers: [registry],
});

const matchmaking = new Counter({
  name: "arena_matchmaking_requests_total",
  help: "Matchmaking API requests, by route and result",
  labelNames: ["route", "result"],
  registers: [registry],
});

const inputRepeats = new Counter({
  name: "arena_input_repeats_total",
  help: "Arena steps that repeated a player's held keys because its next input had not arrived (late or missing inputs)",
  registers: [registry],
});

const droppedSteps = new Counter({
  name: "arena_steps_dropped_total",
  help: "Fixed steps a room dropped after falling more than 5 steps behind (an overloaded process), by room type",
  labelNames: ["room"],
  registers: [registry],
});

/** Times one fixed step of a room type. */
export function observeTick(room: string, seconds: number): void {
  tickDuration.observe({ room }, seconds);
}

export function countRejected(room: string, reason: RejectReason): void {
  rejected.inc({ room, reason });
}

export function countMatchmaking(route: string, result: string): void {
  matchmaking.inc({ route, result });
}

export function countInputRepeats(steps: number): void {
  if (steps > 0) inputRepeats.inc(steps);
}

export function countDroppedSteps(room: string, steps: number): void {
  droppedSteps.inc({ room }, steps);
}
