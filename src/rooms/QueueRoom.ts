import { CloseCode, QueueRoom, matchMaker, type Client, type Delayed, type IRoomCache, type QueueClientData, type QueueMatchGroup } from "colyseus";
import { z } from "zod";
import { DEFAULT_RATING, MAX_RATING, fitsMatch, type QueuedPlayer } from "../matchmaking/ratingSpread.ts";
import { seatReservationSeconds } from "../matchmaking/seatDesk.ts";
import { NAME_MAX, NAME_MIN, parseOptions } from "./joinOptions.ts";
import { MessageGuard } from "./messageGuard.ts";
import { reportRoomError, roomLogger } from "./roomLog.ts";
import { logger } from "../observability/logger.ts";

/** The server's settings for the queue, given as the room type's default options (they win over a client's). */
export interface QueueSettings {
  /** Players per ranked match (ARENA_MATCH_SIZE). */
  matchSize: number;
  /** After this wait a group is completed with bots (ARENA_QUEUE_MAX_WAIT_MS). */
  maxWaitMs: number;
}

/**
 * Join options. Ratings must be above 0: QueueRoom compares a player with a group only while the
 * group's average rating is positive.
 */
export const queueJoinOptions = z.object({
  rating: z.number().positive().max(MAX_RATING).default(DEFAULT_RATING),
  name: z.string().min(NAME_MIN).max(NAME_MAX).optional(),
});
export type QueueJoinOptions = z.infer<typeof queueJoinOptions>;

interface RankedData extends QueueClientData, QueuedPlayer {
  /** What the player's arena seat is reserved with. */
  options: { name?: string };
}

type RankedClient = Client<{ userData: RankedData }>;

/**
 * Ranked matchmaking (PROTOCOL §3 `queue`), on Colyseus's QueueRoom: each evaluation cycle sorts the
 * waiting players by rating and groups neighbours whose spread `fitsMatch` allows (narrow at first,
 * widening with the wait); a group of `matchSize` — or, once a member has waited `maxWaitMs`, any
 * group — gets a fresh private arena room with bots for the missing players, and each member a
 * `seat` message (QueueRoom reserves the seats). A matched player who sends `confirm` (as with any
 * QueueRoom) is let go at once; one who does not is let go when its seat expires.
 *
 * Changed from QueueRoom's defaults: ratings come from the validated `rating` option (not `rank`);
 * cycles are shorter when the maximum wait is short; and QueueRoom's "high priority" rule, which after
 * ten cycles pushes a waiting player into whatever group comes next regardless of rating, is off —
 * the widening spread and the bot backfill do that job, on time rather than on cycles.
 */
export class ArenaQueueRoom extends QueueRoom {
  private settings: QueueSettings = { matchSize: 4, maxWaitMs: 30_000 };
  private log = logger;
  private readonly guard = new MessageGuard("queue", () => this.clock.currentTime);
  /** Matched players still connected, each with the timer that lets it go. */
  private readonly handoffs = new Map<string, Delayed>();

  messages = {
    confirm: this.guard.handle("confirm", z.unknown(), (client) => this.letGo(client)),
    "*": (client: Client, type: string | number) => this.guard.ignoreUnknown(client, String(type)),
  };

  onCreate(options: unknown) {
    this.log = roomLogger(this);
    // Only the two server settings are read: any other key of `options` comes from the client.
    const { matchSize, maxWaitMs } = options as QueueSettings;
    this.settings = { matchSize, maxWaitMs };
    this.cycleTickInterval = evaluationInterval(this.settings.maxWaitMs);
    this.maxWaitingCyclesForPriority = undefined;
    // A service, not a room to browse: kept out of /api/rooms and the lobby.
    void this.setMatchmaking({ unlisted: true });
    super.onCreate({
      matchRoomName: "arena",
      maxPlayers: this.settings.matchSize,
      maxWaitingCycles: Math.ceil(this.settings.maxWaitMs / this.cycleTickInterval),
      allowIncompleteGroups: true,
      compare: (candidate, group) =>
        fitsMatch(
          candidate as RankedData,
          group.clients.map((client) => client.userData as RankedData),
          Date.now(),
          this.settings.maxWaitMs,
        ),
      onGroupReady: (group) => this.openMatch(group),
    });
  }

  onAuth(_client: Client, options: unknown): QueueJoinOptions {
    return parseOptions(queueJoinOptions, options);
  }

  onJoin(client: RankedClient, _options: unknown, auth?: unknown) {
    const { rating, name } = auth as QueueJoinOptions;
    const data: RankedData = { rank: rating, rating, queuedAt: Date.now(), options: name === undefined ? {} : { name } };
    this.addToQueue(client, data);
    this.log.debug({ sessionId: client.sessionId, rating }, "queued");
  }

  onLeave(client: Client) {
    this.guard.forget(client);
    this.handoffs.get(client.sessionId)?.clear();
    this.handoffs.delete(client.sessionId);
  }

  onUncaughtException = reportRoomError(this);

  /** Matched players waiting to be let go (for leak checks). */
  get handoffCount(): number {
    return this.handoffs.size;
  }

  /** A ranked match's room: private (never listed nor quick-played into), sized to the match, bots for absentees. */
  private async openMatch(group: QueueMatchGroup): Promise<IRoomCache> {
    const { matchSize } = this.settings;
    const bots = matchSize - group.clients.length;
    const room = await matchMaker.createRoom("arena", { mode: "ffa", maxPlayers: matchSize, bots, private: true });
    const seatMs = seatReservationSeconds(room.roomId) * 1000;
    for (const client of group.clients) this.holdUntilSeated(client, seatMs);
    this.log.info(
      { roomId: room.roomId, ratings: group.clients.map((client) => client.userData?.rank), bots },
      "ranked match formed",
    );
    return room;
  }

  /** Keeps a matched player connected until it confirms or its seat expires (skipped if it already left). */
  private holdUntilSeated(client: Client, seatMs: number): void {
    if (this.handoffs.has(client.sessionId) || !this.clients.includes(client)) return;
    const timer = this.clock.setTimeout(() => {
      this.handoffs.delete(client.sessionId);
      client.leave(CloseCode.NORMAL_CLOSURE);
    }, seatMs);
    this.handoffs.set(client.sessionId, timer);
  }

  private letGo(client: Client): void {
    if (this.handoffs.has(client.sessionId)) client.leave(CloseCode.NORMAL_CLOSURE);
  }
}

/** Cycles of a twentieth of the maximum wait, between 50 ms and QueueRoom's own 1 s. */
function evaluationInterval(maxWaitMs: number): number {
  return Math.min(1000, Math.max(50, Math.round(maxWaitMs / 20)));
}
