import { matchMaker } from "colyseus";
import { MatchmakingError } from "./errors.ts";
import { normalizeCode, type PrivateCodes } from "./privateCodes.ts";
import type { ArenaListing, SeatDesk, SeatReservation } from "./seatDesk.ts";

export interface PrivateRoomRequest {
  mode: "ffa";
  maxPlayers: number;
  /** The creator's player name. */
  name?: string;
}

export interface PrivateRoom {
  code: string;
  roomId: string;
  name: "arena";
  mode: "ffa";
  maxPlayers: number;
  /** The creator's seat. */
  reservation: SeatReservation;
}

/**
 * A new private arena room and its creator's seat (PROTOCOL §2 `POST /api/private`). The room is
 * private from its creation, so it never shows in listings, the lobby or quick play; the code is
 * published only once the creator's seat is held, so the creator can never find their room full.
 */
export async function createPrivateRoom(desk: SeatDesk, codes: PrivateCodes, request: PrivateRoomRequest): Promise<PrivateRoom> {
  const code = await codes.draw();
  let room: ArenaListing;
  let reservation: SeatReservation;
  try {
    room = await matchMaker.createRoom("arena", { mode: request.mode, maxPlayers: request.maxPlayers, private: true, code });
    reservation = await desk.serially(() => desk.reserve(room, joinOptionsOf(request)));
    await codes.bind(code, room.roomId);
  } catch (error) {
    // An unjoined room disposes by itself once Colyseus's seat reservation time has passed.
    codes.abandon(code);
    throw new MatchmakingError("unavailable", `the private room could not be opened: ${(error as Error).message}`);
  }
  return { code, roomId: room.roomId, name: "arena", mode: request.mode, maxPlayers: request.maxPlayers, reservation };
}

/** A player seat in the private room `typedCode` opens (PROTOCOL §2 `POST /api/private/:code/join`). */
export function joinPrivateRoom(
  desk: SeatDesk,
  codes: PrivateCodes,
  typedCode: string,
  request: { name?: string },
): Promise<SeatReservation> {
  const code = normalizeCode(typedCode);
  if (code === undefined) return Promise.reject(unknownCode(typedCode));
  return desk.serially(async () => {
    const room = await codes.lookup(code);
    if (room === undefined) throw unknownCode(code);
    if (desk.freeSeats(room) <= 0) throw roomFull(code);
    try {
      return await desk.reserve(room, joinOptionsOf(request));
    } catch {
      // Colyseus refused: the room's seats filled up meanwhile (e.g. a spectator), or it is going away.
      throw (await codes.lookup(code)) === undefined ? unknownCode(code) : roomFull(code);
    }
  });
}

function joinOptionsOf(request: { name?: string }): { name?: string } {
  return request.name === undefined ? {} : { name: request.name };
}

function unknownCode(code: string): MatchmakingError {
  return new MatchmakingError("unknown_code", `no private room has the code ${JSON.stringify(code)}`);
}

function roomFull(code: string): MatchmakingError {
  return new MatchmakingError("room_full", `every player seat of room ${code} is taken`);
}
