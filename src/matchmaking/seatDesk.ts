import { matchMaker, type IRoomCache, type RegisteredHandler, type Room } from "colyseus";
import type { ArenaMetadata } from "../rooms/ArenaRoom.ts";
import { SeatLedger } from "./seatLedger.ts";
import { SerialLock } from "./serialLock.ts";

/** What the SDK's `consumeSeatReservation` takes. */
export type SeatReservation = matchMaker.ISeatReservation;

/** An arena room as the matchmaker lists it. */
export type ArenaListing = IRoomCache<ArenaMetadata>;

/**
 * Where quick play and the private-room API get player seats in arena rooms, so that a room's humans
 * plus its promised seats never exceed `maxPlayers` — the room would refuse the surplus with
 * ROOM_FULL, and a reservation we handed out would be lost.
 *
 * Every choose-then-reserve decision runs alone (`serially`), reading the listing and the ledger
 * after the previous decision's reservation is recorded. The room's `humans` and the ledger move
 * together: an arena room publishes its metadata inside `onJoin`, before Colyseus emits the handler's
 * "join" event that ends the ledger entry, so a player is at worst counted twice for a moment, never
 * not at all. (With the in-memory driver the listing is the room's own object, so what the desk reads
 * is current.)
 *
 * In a Redis cluster this is per process, and so is its correctness: two processes could each
 * promise a room's last seat. The Redis variant keeps the same interface and moves the two pieces
 * into presence — the lock becomes a presence lock around the decision, the ledger a per-room hash of
 * sessionId → expiry whose entries the hosting process deletes on "join" and "dispose" — and must
 * also count a seat until the listing's `humans` shows it, since metadata reaches Redis
 * asynchronously.
 *
 * Seats taken through Colyseus's own `/matchmake` route bypass the desk; the room still refuses a
 * player beyond `maxPlayers`, so a room is never over-filled, but such a join racing quick play for
 * the last seat can leave the quick-play reservation refused.
 */
export class SeatDesk {
  private readonly ledger = new SeatLedger();
  private readonly lock = new SerialLock();

  constructor(arena: RegisteredHandler) {
    arena.on("join", (room: Room, client: { sessionId: string }) => this.ledger.taken(room.roomId, client.sessionId));
    arena.on("dispose", (room: Room) => this.ledger.roomGone(room.roomId));
  }

  /** Runs one choose-then-reserve decision with no other decision interleaved. */
  serially<T>(decide: () => Promise<T>): Promise<T> {
    return this.lock.run(decide);
  }

  /** Player seats of `room` neither taken nor promised. */
  freeSeats(room: ArenaListing): number {
    const metadata = room.metadata;
    if (metadata === undefined || typeof metadata.maxPlayers !== "number") return 0;
    return metadata.maxPlayers - metadata.humans - this.ledger.outstanding(room.roomId);
  }

  /** Reserves a player seat; call it inside `serially`, after `freeSeats` said there is one. */
  async reserve(room: ArenaListing, joinOptions: { name?: string }): Promise<SeatReservation> {
    const reservation = await matchMaker.reserveSeatFor(room, joinOptions);
    this.ledger.hold(room.roomId, reservation.sessionId, seatReservationSeconds(room.roomId));
    return reservation;
  }
}

/**
 * How long Colyseus holds a reservation in this room: the room's own setting when it lives in this
 * process, else Colyseus's default (the same expression @colyseus/core reads at start).
 */
export function seatReservationSeconds(roomId: string): number {
  const local = matchMaker.getLocalRoomById(roomId);
  if (local !== undefined) return local.seatReservationTimeout;
  return Number(process.env.COLYSEUS_SEAT_RESERVATION_TIME || 15);
}
