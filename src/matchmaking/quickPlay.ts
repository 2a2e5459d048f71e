import { matchMaker } from "colyseus";
import { MatchmakingError } from "./errors.ts";
import type { ArenaListing, SeatDesk, SeatReservation } from "./seatDesk.ts";

export interface QuickPlayRequest {
  mode: "ffa";
  name?: string;
}

/** Rooms quick play tries before it gives up on the listing and creates one. */
const MAX_ATTEMPTS = 3;

/**
 * A player seat in the best public arena room with space (`bestRoom`), or in a new room when none
 * has space (PROTOCOL §2 `/api/quickplay`). Decisions are serialized by the seat desk, so a burst of
 * requests fills one room to `maxPlayers` before the next is created.
 */
export function quickPlay(desk: SeatDesk, request: QuickPlayRequest): Promise<SeatReservation> {
  const joinOptions = request.name === undefined ? {} : { name: request.name };
  return desk.serially(async () => {
    const refused = new Set<string>();
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const listed: ArenaListing[] = await matchMaker.query({ name: "arena", private: false, locked: false, mode: request.mode });
      const room = bestRoom(
        listed.filter((candidate) => !refused.has(candidate.roomId)),
        (candidate) => desk.freeSeats(candidate),
      );
      if (room === undefined) break;
      try {
        return await desk.reserve(room, joinOptions);
      } catch {
        // Disposing, or its seats filled up meanwhile (e.g. a spectator): the next best room will do.
        refused.add(room.roomId);
      }
    }
    try {
      const created: ArenaListing = await matchMaker.createRoom("arena", { mode: request.mode });
      return await desk.reserve(created, joinOptions);
    } catch (error) {
      throw new MatchmakingError("unavailable", `no arena room could be opened: ${(error as Error).message}`);
    }
  });
}

/**
 * The room quick play fills: among rooms with a free player seat, the one with the most players
 * (humans plus seats already promised); between equally full rooms, the one whose match started last,
 * so the newcomer gets the most of a match — a room still in warm-up has not started and counts as
 * the latest; then the lowest roomId, so the choice never depends on listing order.
 */
export function bestRoom(rooms: ArenaListing[], freeSeats: (room: ArenaListing) => number): ArenaListing | undefined {
  let best: ArenaListing | undefined;
  let bestPlayers = -1;
  let bestStart = -1;
  for (const room of rooms) {
    const free = freeSeats(room);
    if (free <= 0) continue;
    const players = room.metadata!.maxPlayers - free;
    const start = room.metadata!.startedAt > 0 ? room.metadata!.startedAt : Infinity;
    const better =
      players !== bestPlayers
        ? players > bestPlayers
        : start !== bestStart
          ? start > bestStart
          : best !== undefined && room.roomId < best.roomId;
    if (better) {
      best = room;
      bestPlayers = players;
      bestStart = start;
    }
  }
  return best;
}
