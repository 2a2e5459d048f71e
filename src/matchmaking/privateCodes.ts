import { randomBytes } from "node:crypto";
import { matchMaker, type IRoomCache, type RegisteredHandler, type Room } from "colyseus";

/**
 * The join codes of private rooms (PROTOCOL §2 `/api/private`): six characters from an alphabet
 * without look-alikes (no 0/O, no 1/I), unique among live rooms, released when the room disposes.
 */
export const PRIVATE_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
export const PRIVATE_CODE_LENGTH = 6;
export const PRIVATE_CODE_PATTERN = /^[A-HJ-NP-Z2-9]{6}$/;

/** Presence hash code → roomId: the registry every process of a cluster reads. */
const REGISTRY_KEY = "arena:private-codes";
/** At 32^6 ≈ 10^9 codes a collision is rare; this many in a row means something else is wrong. */
const MAX_DRAWS = 20;

export type RandomBytes = (size: number) => Uint8Array;

/** One random code; the alphabet has 32 letters, so 5 bits of each byte pick one without bias. */
export function randomCode(random: RandomBytes = randomBytes): string {
  const bytes = random(PRIVATE_CODE_LENGTH);
  let code = "";
  for (let i = 0; i < PRIVATE_CODE_LENGTH; i++) code += PRIVATE_CODE_ALPHABET[bytes[i] & 31];
  return code;
}

/** A code as a person typed it (any case, stray spaces) → the canonical code, or undefined if it cannot be one. */
export function normalizeCode(typed: string): string | undefined {
  const code = typed.trim().toUpperCase();
  return PRIVATE_CODE_PATTERN.test(code) ? code : undefined;
}

/**
 * The code registry. It lives in presence, so in a Redis cluster every process resolves every code
 * and a room's code is released by whichever process hosts it. A room is only reachable through the
 * registry, never through a `code` create option alone: a player who creates an arena room through
 * `/matchmake` with someone else's code does not capture that code's joins.
 *
 * Uniqueness: a code is drawn, checked against the registry and the live room listing, and held in
 * `drawn` until bound, so two requests of one process cannot take the same code. Across processes the
 * check-then-bind leaves a window in which two processes could draw the same code at once — about
 * one chance in 10^9 per pair of simultaneous creations; closing it needs an atomic set-if-absent,
 * which the presence API does not offer.
 */
export class PrivateCodes {
  private readonly drawn = new Set<string>();

  constructor(
    arena: RegisteredHandler,
    private readonly random: RandomBytes = randomBytes,
  ) {
    arena.on("dispose", (room: Room) => {
      this.release(room).catch(() => undefined);
    });
  }

  /** A code no live room uses; the caller must `bind` it to the room it creates, or `abandon` it. */
  async draw(): Promise<string> {
    for (let draw = 0; draw < MAX_DRAWS; draw++) {
      const code = randomCode(this.random);
      if (this.drawn.has(code)) continue;
      this.drawn.add(code);
      if (!(await this.inUse(code))) return code;
      this.drawn.delete(code);
    }
    throw new Error("no free private code found");
  }

  async bind(code: string, roomId: string): Promise<void> {
    try {
      await matchMaker.presence.hset(REGISTRY_KEY, code, roomId);
    } finally {
      this.drawn.delete(code);
    }
  }

  abandon(code: string): void {
    this.drawn.delete(code);
  }

  /** The live room a code opens, or undefined. A stale entry (its room gone without a dispose) is dropped. */
  async lookup(code: string): Promise<IRoomCache | undefined> {
    const roomId = await matchMaker.presence.hget(REGISTRY_KEY, code);
    if (roomId === null || roomId === undefined) return undefined;
    const room = (await matchMaker.findRoomsByIds([roomId])).get(roomId);
    if (room === undefined) {
      await this.forget(code, roomId);
      return undefined;
    }
    return room;
  }

  private async inUse(code: string): Promise<boolean> {
    if ((await this.lookup(code)) !== undefined) return true;
    // A room created through /matchmake with this code would confuse people reading the listing.
    return (await matchMaker.query({ name: "arena", code })).length > 0;
  }

  private async release(room: Room): Promise<void> {
    const code = (room.metadata as { code?: unknown } | undefined)?.code;
    if (typeof code === "string") await this.forget(code, room.roomId);
  }

  /** Removes `code` only while it still points at `roomId`, so a late release cannot drop a reused code. */
  private async forget(code: string, roomId: string): Promise<void> {
    if ((await matchMaker.presence.hget(REGISTRY_KEY, code)) === roomId) {
      await matchMaker.presence.hdel(REGISTRY_KEY, code);
    }
  }
}
