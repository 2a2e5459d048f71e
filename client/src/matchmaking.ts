// Getting a seat: the HTTP matchmaking API (PROTOCOL §2) hands out seat reservations, which the SDK
// turns into a joined room. Spectating picks the busiest room from `GET /api/rooms` and joins it by id.

import type { Client, Room, SeatReservation } from "@colyseus/sdk";
import type { ArenaState } from "../../src/schema/ArenaState.ts";

export type ArenaRoom = Room<any, ArenaState>;

/** A lobby action that failed, with the server's error code when it sent one. */
export class LobbyError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** The best public room with space, or a new one. */
export async function quickPlay(client: Client, name: string): Promise<ArenaRoom> {
  const reservation = await post<SeatReservation>("/api/quickplay", { name });
  return client.consumeSeatReservation<ArenaState>(reservation);
}

/** A new private room, joined by its creator; `code` is what friends type (or open as `/?code=`). */
export async function createPrivateRoom(client: Client, name: string): Promise<{ room: ArenaRoom; code: string }> {
  const created = await post<{ code: string; reservation: SeatReservation }>("/api/private", { name });
  const room = await client.consumeSeatReservation<ArenaState>(created.reservation);
  return { room, code: created.code };
}

/** Joins the private room behind `code`. */
export async function joinPrivateRoom(client: Client, code: string, name: string): Promise<ArenaRoom> {
  const reservation = await post<SeatReservation>(`/api/private/${encodeURIComponent(code)}/join`, { name });
  return client.consumeSeatReservation<ArenaState>(reservation);
}

/** Watches the busiest public game; spectators have no player and see the whole arena. */
export async function spectate(client: Client): Promise<ArenaRoom> {
  const none = () => new LobbyError("No game is running right now. Try Quick play!", "no_game");
  const rooms = await request<ListedRoom[]>("GET", "/api/rooms?name=arena");
  const busiest = rooms
    .filter((room) => (room.metadata?.humans ?? room.clients) > 0)
    .sort((a, b) => (b.metadata?.humans ?? b.clients) - (a.metadata?.humans ?? a.clients))[0];
  if (busiest === undefined) throw none();
  try {
    return await client.joinById<ArenaState>(busiest.roomId, { spectator: true });
  } catch {
    throw none(); // it ended between the listing and the join
  }
}

interface ListedRoom {
  roomId: string;
  clients: number;
  metadata?: { humans?: number };
}

/** Room codes are six characters; people type them in any case and with stray spaces. */
export function normalizeCode(raw: string): string {
  return raw.replace(/\s+/g, "").toUpperCase();
}

function post<T>(path: string, body: object): Promise<T> {
  return request<T>("POST", path, body);
}

async function request<T>(method: "GET" | "POST", path: string, body?: object): Promise<T> {
  let response: Response;
  try {
    response = await fetch(
      path,
      body === undefined ? { method } : { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
    );
  } catch {
    throw new LobbyError("The server cannot be reached. Check your connection and try again.", "network");
  }
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) throw errorFrom(response.status, payload);
  return payload as T;
}

function errorFrom(status: number, payload: unknown): LobbyError {
  const error = (payload as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const code = typeof error?.code === "string" ? error.code : `http_${status}`;
  const friendly: Record<string, string> = {
    unknown_code: "No room has that code. Check it and try again.",
    room_full: "That room is full.",
    rate_limited: "Too many attempts. Wait a moment and try again.",
  };
  const message = friendly[code] ?? (typeof error?.message === "string" ? error.message : `The server answered ${status}.`);
  return new LobbyError(message, code);
}
