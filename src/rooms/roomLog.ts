import type { Room, RoomException, RoomMethodName } from "colyseus";
import type { Logger } from "pino";
import { logger } from "../observability/logger.ts";

/** A child logger stamping every line with the room; call it from onCreate, once roomId is set. */
export function roomLogger(room: Room): Logger {
  return logger.child({ roomId: room.roomId, room: room.roomName });
}

/**
 * A room's `onUncaughtException`: a throwing hook or handler is logged with
 * its room and method and goes no further, so one bad message never ends the
 * process or leaves the room stuck.
 */
export function reportRoomError(room: Room) {
  return (error: RoomException, method: RoomMethodName): void => {
    logger.error({ roomId: room.roomId, room: room.roomName, method, err: error.cause ?? error }, "room error");
  };
}
