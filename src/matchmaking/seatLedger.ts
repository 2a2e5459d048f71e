/**
 * Player seats that Arena's own matchmaking (quick play, private rooms) has reserved and no player has
 * taken yet, per room. Colyseus counts reservations against `maxClients` too (in an arena room,
 * `maxPlayers` plus the spectators present), but quick play must choose a room before it reserves:
 * the seat desk adds this ledger to the room's `humans` so its choice never counts on a promised seat.
 *
 * An entry ends when its player joins, when its room disposes, or once Colyseus's own reservation
 * has expired — plus a margin, so that the ledger never forgets a seat Colyseus still holds (counting
 * a seat a little too long only ever sends quick play to another room; forgetting it too early could
 * hand the same seat out twice). Expired entries are dropped whenever their room is looked at, and a
 * disposed room drops all of its own, so nothing accumulates with room turnover.
 */
export class SeatLedger {
  private readonly rooms = new Map<string, Map<string, number>>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Records a reservation that Colyseus holds for `seconds`. */
  hold(roomId: string, sessionId: string, seconds: number): void {
    let seats = this.rooms.get(roomId);
    if (seats === undefined) {
      seats = new Map();
      this.rooms.set(roomId, seats);
    }
    seats.set(sessionId, this.now() + seconds * 1000 + EXPIRY_MARGIN_MS);
  }

  /** The player holding `sessionId` joined: the room's `humans` counts them from now on. */
  taken(roomId: string, sessionId: string): void {
    const seats = this.rooms.get(roomId);
    if (seats === undefined) return;
    seats.delete(sessionId);
    if (seats.size === 0) this.rooms.delete(roomId);
  }

  roomGone(roomId: string): void {
    this.rooms.delete(roomId);
  }

  /** Reserved player seats of `roomId` not yet taken nor expired. */
  outstanding(roomId: string): number {
    const seats = this.rooms.get(roomId);
    if (seats === undefined) return 0;
    const now = this.now();
    for (const [sessionId, expiresAt] of seats) if (expiresAt <= now) seats.delete(sessionId);
    if (seats.size === 0) this.rooms.delete(roomId);
    return seats.size;
  }

  /** Rooms with entries (for leak checks). */
  get roomCount(): number {
    return this.rooms.size;
  }
}

const EXPIRY_MARGIN_MS = 1000;
