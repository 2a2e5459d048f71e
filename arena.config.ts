import { defineRoom, defineServer, type Room } from "colyseus";
import { WebSocketTransport } from "@colyseus/ws-transport";
import { Encoder } from "@colyseus/schema";
import type { Settings } from "./src/config.ts";
import { mountHttp } from "./src/http/app.ts";
import { logger } from "./src/observability/logger.ts";
import { ArenaRoom } from "./src/rooms/ArenaRoom.ts";
import { ChatRoom } from "./src/rooms/ChatRoom.ts";
import { ArenaQueueRoom, type QueueSettings } from "./src/rooms/QueueRoom.ts";
import { ArenaLobbyRoom } from "./src/rooms/LobbyRoom.ts";
import { createMatchmaking } from "./src/matchmaking/index.ts";
import { MAX_FRAME_BYTES } from "./src/rooms/rules.ts";
import { ServerStatus } from "./src/serverStatus.ts";
import { scaleOut } from "./src/scaleOut.ts";
import { trackRoom, untrackRoom } from "./src/observability/metrics.ts";

// A full arena state (64 players, walls, projectiles) outgrows the 8 KB default.
Encoder.BUFFER_SIZE = 128 * 1024;

/**
 * The one place that wires Arena: rooms, HTTP routes, transport, presence and
 * driver. Returns the Colyseus server (not yet listening) and the status that
 * `/ready` reports, which the process entry drives through start and stop.
 */
export function createArenaServer(settings: Settings) {
  const status = new ServerStatus();
  const { presence, driver } = scaleOut(settings, status);
  const arena = observed(defineRoom(ArenaRoom, { patchHz: settings.ARENA_PATCH_HZ }).enableRealtimeListing());
  const matchmaking = createMatchmaking(arena);
  const queue: QueueSettings = { matchSize: settings.ARENA_MATCH_SIZE, maxWaitMs: settings.ARENA_QUEUE_MAX_WAIT_MS };
  const server = defineServer({
    rooms: {
      chat: observed(defineRoom(ChatRoom)),
      arena,
      queue: observed(defineRoom(ArenaQueueRoom, queue)),
      lobby: observed(defineRoom(ArenaLobbyRoom)),
    },
    transport: new WebSocketTransport({ maxPayload: MAX_FRAME_BYTES }),
    presence,
    driver,
    publicAddress: settings.PUBLIC_ADDRESS,
    // src/index.ts owns signals: it turns /ready to draining before the rooms go.
    gracefullyShutdown: false,
    greet: false,
    logger,
    express: (app) => mountHttp(app, { status, settings, matchmaking }),
  });
  return { server, status };
}

/** Lets /metrics count a room type's rooms and clients for as long as each room lives. */
function observed<H extends { on(event: "create" | "dispose", listener: (room: Room) => void): unknown }>(handler: H): H {
  handler.on("create", trackRoom);
  handler.on("dispose", untrackRoom);
  return handler;
}
