import { matchMaker } from "colyseus";

export interface ListedRoom {
  roomId: string;
  name: string;
  clients: number;
  maxClients: number;
  metadata: unknown;
}

/**
 * The public room listing (PROTOCOL §2 `GET /api/rooms`): public, unlocked, listed rooms only —
 * private arena rooms, ranked matches, the queue and the lobby never appear.
 */
export async function listPublicRooms(name?: string): Promise<ListedRoom[]> {
  const conditions = { private: false, locked: false, unlisted: false, ...(name === undefined ? {} : { name }) };
  const rooms = await matchMaker.query(conditions);
  return rooms.map((room) => ({
    roomId: room.roomId,
    name: room.name,
    clients: room.clients,
    maxClients: room.maxClients,
    metadata: room.metadata ?? {},
  }));
}
