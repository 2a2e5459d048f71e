import { LobbyRoom, type Client, type IRoomCache } from "colyseus";
import { z } from "zod";
import { parseOptions } from "./joinOptions.ts";
import { MessageGuard } from "./messageGuard.ts";
import { reportRoomError } from "./roomLog.ts";

const filter = z.object({
  name: z.string().max(64).optional(),
  metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
});
type Filter = z.infer<typeof filter>;

const joinOptions = z.object({ filter: filter.optional() });

/**
 * The live room list (PROTOCOL §3 `lobby`): Colyseus's LobbyRoom, unchanged in what it sends
 * (`rooms`, `+`, `-`) and in how it filters, with the guard every Arena room has. Stock LobbyRoom
 * reads `room.metadata[field]` for a client's metadata filter, and rooms without metadata (chat) are
 * in its list: one `filter` message then threw inside the socket's message event and ended the
 * process. Here filters are validated (join option and message alike), rooms without metadata are
 * simply not matched, `filter` messages are rate-limited, and a throwing handler is only logged.
 */
export class ArenaLobbyRoom extends LobbyRoom {
  private readonly guard = new MessageGuard("lobby", () => this.clock.currentTime);

  onUncaughtException = reportRoomError(this);

  async onCreate(options: unknown) {
    await super.onCreate(options);
    this.onMessage("*", (client: Client, type: string | number) => this.guard.ignoreUnknown(client, String(type)));
  }

  /** LobbyRoom registers its `filter` handler here, in its onCreate: it runs behind the guard. */
  onMessage(type: any, ...rest: any[]): any {
    if (type === "filter" && rest.length === 1 && typeof rest[0] === "function") {
      return super.onMessage(type, this.guard.handle("filter", filter, rest[0]));
    }
    return (super.onMessage as (...args: any[]) => any)(type, ...rest);
  }

  onAuth(_client: Client, options: unknown) {
    // Some engines' SDKs (Defold) send empty options as an empty array, which LobbyRoom accepts.
    return parseOptions(joinOptions, Array.isArray(options) ? {} : options);
  }

  onLeave(client: Client) {
    super.onLeave(client);
    this.guard.forget(client);
  }

  protected filterItemForClient(room: IRoomCache, clientFilter?: Filter): boolean {
    if (!clientFilter) return true;
    if (clientFilter.name !== room.name) return false;
    const metadata: Record<string, unknown> = room.metadata ?? {};
    for (const [field, value] of Object.entries(clientFilter.metadata ?? {})) {
      if (metadata[field] !== value) return false;
    }
    return true;
  }
}
