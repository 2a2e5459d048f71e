import type { RegisteredHandler } from "colyseus";
import { PrivateCodes } from "./privateCodes.ts";
import { createPrivateRoom, joinPrivateRoom, type PrivateRoomRequest } from "./privateRooms.ts";
import { quickPlay, type QuickPlayRequest } from "./quickPlay.ts";
import { listPublicRooms } from "./roomListing.ts";
import { SeatDesk } from "./seatDesk.ts";

export { MatchmakingError, type MatchmakingFailure } from "./errors.ts";

/**
 * Arena's matchmaking services for the HTTP API, bound to the `arena` room type's handler (whose
 * "join" and "dispose" events end promised seats and release private codes). One per server.
 */
export function createMatchmaking(arena: RegisteredHandler) {
  const desk = new SeatDesk(arena);
  const codes = new PrivateCodes(arena);
  return {
    listRooms: (name?: string) => listPublicRooms(name),
    quickPlay: (request: QuickPlayRequest) => quickPlay(desk, request),
    createPrivate: (request: PrivateRoomRequest) => createPrivateRoom(desk, codes, request),
    joinPrivate: (code: string, request: { name?: string }) => joinPrivateRoom(desk, codes, code, request),
  };
}

export type Matchmaking = ReturnType<typeof createMatchmaking>;
