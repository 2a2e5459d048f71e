import type { AddressInfo } from "node:net";
import { defineRoom, defineServer } from "colyseus";
import { WebSocketTransport } from "@colyseus/ws-transport";
import { NaiveArenaRoom } from "./NaiveArenaRoom.ts";

/** The naive arena as a plain Colyseus server: one room type, registered as `arena`, nothing else. */
export async function startNaiveArena(options: { host: string; port: number }): Promise<{ port: number; close(): Promise<void> }> {
  const server = defineServer({
    rooms: { arena: defineRoom(NaiveArenaRoom) },
    transport: new WebSocketTransport(),
    gracefullyShutdown: false,
    greet: false,
  });
  await server.listen(options.port, options.host);
  const port = (server.transport.server!.address() as AddressInfo).port;
  return { port, close: () => server.gracefullyShutdown(false) };
}
