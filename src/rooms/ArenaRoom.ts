import { Protocol, Room, ServerError, type Client } from "colyseus";
import { ArenaInput } from "../schema/ArenaInput.ts";
import type { ArenaState } from "../schema/ArenaState.ts";
import {
  MAX_REWIND_MS,
  STEP_HZ,
  STEP_MS,
  addPlayer,
  botId,
  botName,
  createWorld,
  removePlayer,
  step,
  wrapAngle,
  type InputFrame,
  type TargetLens,
  type World,
} from "../sim/index.ts";
import { HeldInputs } from "./arena/heldInputs.ts";
import { InputReader } from "./arena/inputReader.ts";
import { Interest } from "./arena/interest.ts";
import { StepTimer } from "./arena/stepTimer.ts";
import { arenaJoinOptions, parseCreateOptions, type ArenaCreateOptions, type ArenaJoinOptions } from "./arena/options.ts";
import { createArenaState, syncArenaState } from "./arena/stateSync.ts";
import { parseOptions } from "./joinOptions.ts";
import { MessageGuard } from "./messageGuard.ts";
import { reportRoomError, roomLogger } from "./roomLog.ts";
import { logger } from "../observability/logger.ts";
import { countDroppedSteps, countInputRepeats, observeTick } from "../observability/metrics.ts";

/** Seconds a dropped player keeps its place (PROTOCOL: reconnection). */
export const RECONNECT_SECONDS = 20;
/** Close/error code of a join refused because every player seat is taken. */
export const ROOM_FULL = 4409;

export interface ArenaMetadata {
  mode: "ffa";
  phase: string;
  humans: number;
  bots: number;
  maxPlayers: number;
  private: boolean;
  code?: string;
  /** When the current match began (its countdown), ms since the epoch; 0 during warm-up. */
  startedAt: number;
}

type ArenaClient = Client<{ userData: { spectator: boolean } }>;

/**
 * The authoritative real-time game (PROTOCOL §3 `arena`). Glue only: Colyseus's input API feeds
 * one input per player into each fixed step of the sim; when a patch is due, the world is copied into
 * schema state, each client's view is refreshed, and the patch goes out.
 */
export class ArenaRoom extends Room<{ state: ArenaState; input: ArenaInput; metadata: ArenaMetadata }> {
  private world!: World;
  private settings!: ArenaCreateOptions;
  private interest!: Interest;
  private log = logger;
  private nextBot = 1;
  private publishedPhase = "";
  private matchStartedAt = 0;
  private readonly frames = new Map<string, InputFrame>();
  private stepTimer: StepTimer | undefined;
  /** Steps stepped since the last patch went out; a patch is due every `stepsPerPatch`. */
  private stepsSincePatch = 0;
  /** 1 at 30 patches a second, 2 at 15 (ARENA_PATCH_HZ). */
  private stepsPerPatch = 1;
  /** The room clock's time (Date.now) that stamped the last patch. */
  private patchedAt = -1;
  private readonly held = new HeldInputs();
  private readonly guard = new MessageGuard("arena", () => this.clock.currentTime);

  // No `seqField` and no `idle` policy: the room orders seqs and repeats held keys itself (see HeldInputs).
  inputs = this.defineInput(ArenaInput, {
    bufferMaxSize: 8,
    sanitize: (input) => {
      input.dx = unit(input.dx);
      input.dy = unit(input.dy);
      input.aim = wrapAngle(input.aim);
    },
  });

  // The arena takes no chat-style messages; anything sent counts toward the rate limit and is ignored.
  messages = {
    "*": (client: Client, type: string | number) => this.guard.ignoreUnknown(client, String(type)),
  };

  onCreate(options: unknown) {
    this.log = roomLogger(this);
    this.settings = parseCreateOptions(options);
    this.refuseUnreliableInput();
    // Colyseus's capacity is the player seats plus the spectators present (see onJoin): a room whose
    // player seats are all taken or reserved is full to the matchmaker, so joinOrCreate opens another.
    this.maxClients = this.settings.maxPlayers;
    this.stepsPerPatch = STEP_HZ / this.settings.patchHz;
    this.world = createWorld({
      seed: this.settings.seed ?? Math.floor(Math.random() * 0xffffffff),
      matchSeconds: this.settings.matchSeconds,
      scoreLimit: this.settings.scoreLimit,
    });
    this.state = createArenaState(this.world);
    this.interest = new Interest(this.world, this.state);
    if (this.settings.private) this.setPrivate(true);

    const rewind = this.allowRewindState({ maxRewindMs: MAX_REWIND_MS });
    rewind.attachAll(this.state.players, { fields: ["x", "y"] });
    // `seen` is reused: the sim reads a lens answer at once.
    const seen = { x: 0, y: 0 };
    const lens: TargetLens = {
      seenBy: (shooterId, target) => {
        const entity = this.state.players.get(target.id);
        if (entity === undefined) return target;
        const view = rewind.lastSeenBy(shooterId);
        seen.x = view.value(entity, "x");
        seen.y = view.value(entity, "y");
        return seen;
      },
    };

    this.fillBots();
    syncArenaState(this.world, this.state);
    this.driveSteps(lens);
    this.publishMetadata();
    this.log.info({ options: this.settings }, "arena created");
  }

  onAuth(_client: Client, options: unknown): ArenaJoinOptions {
    return parseOptions(arenaJoinOptions, options);
  }

  onJoin(client: ArenaClient, _options: unknown, auth: ArenaJoinOptions) {
    INPUT_READER.attach(client);
    client.userData = { spectator: auth.spectator };
    if (auth.spectator) {
      // A spectator came in through a seat like anyone; giving it back keeps every player seat free.
      this.maxClients += 1;
    } else {
      // Checked here, synchronously, so concurrent joins cannot both take the last seat.
      if (this.humans() >= this.settings.maxPlayers) {
        throw new ServerError(ROOM_FULL, "room_full: every player seat is taken");
      }
      if (this.humans() + this.bots() >= this.settings.maxPlayers) this.removeBot();
      addPlayer(this.world, client.sessionId, auth.name ?? `player-${client.sessionId.slice(0, 4)}`);
      syncArenaState(this.world, this.state);
    }
    this.interest.attach(client, auth.spectator);
    this.publishMetadata();
    this.log.info({ sessionId: client.sessionId, spectator: auth.spectator }, "joined");
  }

  async onDrop(client: ArenaClient) {
    const player = this.world.players.get(client.sessionId);
    this.interest.detach(client);
    if (player === undefined) return; // spectators are not held
    player.connected = false;
    this.held.release(client.sessionId); // a returning player starts with no keys held
    this.log.info({ sessionId: client.sessionId }, "dropped; holding the seat");
    // Rejects when the window closes; Colyseus then calls onLeave, so that is not an error here.
    await this.allowReconnection(client, RECONNECT_SECONDS).catch(() => undefined);
  }

  onReconnect(client: ArenaClient) {
    INPUT_READER.attach(client);
    const player = this.world.players.get(client.sessionId);
    if (player !== undefined) player.connected = true;
    this.interest.attach(client, client.userData?.spectator === true);
    this.log.info({ sessionId: client.sessionId }, "reconnected");
  }

  onLeave(client: ArenaClient) {
    this.interest.detach(client);
    this.guard.forget(client);
    this.held.release(client.sessionId);
    if (client.userData?.spectator === true) this.maxClients -= 1;
    if (removePlayer(this.world, client.sessionId)) {
      this.fillBots();
      syncArenaState(this.world, this.state);
    }
    this.publishMetadata();
    this.log.info({ sessionId: client.sessionId }, "left");
  }

  onDispose() {
    this.stepTimer?.stop();
    this.log.info("arena disposed");
  }

  onUncaughtException = reportRoomError(this);

  /**
   * The fixed step runs on StepTimer's deadlines rather than Colyseus's interval (see StepTimer for
   * why). setFixedTimestep still declares the step rate: the input API hands it to predicting
   * clients. Patches follow the steps, not a timer of their own (a second timer would drift against
   * the step and deliver zero or two steps per patch), so patchRate is off; with no Colyseus interval
   * left, broadcastPatch ticks the room clock itself, so each patch carries its own server time.
   */
  private driveSteps(lens: TargetLens): void {
    this.setFixedTimestep(() => undefined, STEP_HZ);
    this.patchRate = null;
    const room = this as unknown as { _simulationInterval?: NodeJS.Timeout };
    clearInterval(room._simulationInterval);
    room._simulationInterval = undefined;
    this.stepTimer = new StepTimer(
      STEP_MS,
      () => this.runStep(lens),
      (steps) => {
        countDroppedSteps("arena", steps);
        this.held.oweDroppedSteps(steps);
      },
    );
    this.stepTimer.start();
  }

  /**
   * One step, then its patch once the patch rate's share of steps has passed (every step at 30). Patches
   * are stamped with the room clock in whole ms and the rewind keeps one record per stamp, so catch-up
   * steps that run within the same ms wait and go out together with the next step's patch: what a
   * client was sent at a time is then exactly what the rewind judges its shots against.
   */
  private runStep(lens: TargetLens): void {
    const startedAt = performance.now();
    try {
      this.advance(lens);
      this.stepsSincePatch++;
      // broadcastPatch stamps the patch with the room clock, which it reads (Date.now) after the sync:
      // a step whose ms is still the last stamp's would go out with the same stamp.
      const now = Date.now();
      if (this.stepsSincePatch >= this.stepsPerPatch && now !== this.patchedAt) {
        this.stepsSincePatch = 0;
        this.syncForPatch();
        this.broadcastPatch();
        this.patchedAt = this.clock.currentTime;
      }
    } catch (error) {
      this.onUncaughtException(error as never, "setFixedTimestep");
    }
    observeTick("arena", (performance.now() - startedAt) / 1000);
  }

  /** One fixed step: consume one input per connected player and step the sim. */
  private advance(lens: TargetLens): void {
    this.frames.clear();
    const repeatedBefore = this.held.repeatedSteps;
    for (const client of this.clients) {
      if (!this.world.players.has(client.sessionId)) continue;
      const frame = this.held.next(client.sessionId, this.inputs.get(client.sessionId));
      if (frame !== undefined) this.frames.set(client.sessionId, frame);
    }
    countInputRepeats(this.held.repeatedSteps - repeatedBefore);

    const events = step(this.world, this.frames, lens);
    // After the patch that carries phase "ended", so a client never sees the standings while its state still says "playing".
    if (events.matchEnd) this.broadcast("match_end", events.matchEnd, { afterNextPatch: true });
    if (events.phaseChanged) this.publishMetadata();
  }

  /**
   * Copies the world into the state and refreshes every view, just before a patch: state between
   * patches is never sent, and at 15 patches a second, copying after every step spent half of this
   * work (3–4 % of the server's busy time at 496 bench clients) on states no one received. Lag
   * compensation reads what was sent (the rewind records each patch), so it sees the same either way.
   */
  private syncForPatch(): void {
    syncArenaState(this.world, this.state);
    this.syncRepeatsOwed();
    this.interest.refreshAll(this.clients);
  }

  /** Tells each player's client how many of its steps the room owes it (Player.repeatsOwed). */
  private syncRepeatsOwed(): void {
    for (const client of this.clients) {
      const player = this.state.players.get(client.sessionId);
      const owed = this.held.owedTo(client.sessionId);
      if (player !== undefined && player.repeatsOwed !== owed) player.repeatsOwed = owed;
    }
  }

  /**
   * Arena inputs travel on the reliable channel (PROTOCOL §3). An unreliable input frame is refused
   * before Colyseus decodes it: @colyseus/schema 5.0's InputDecoder.decodeAll loops forever on a
   * negative slot length, so one crafted 11-byte frame would freeze the whole process. A refused
   * frame counts as an unknown message type (rate limit, metrics). Colyseus binds each client's
   * frame handler at join, after onCreate, so wrapping it here covers every client.
   */
  private refuseUnreliableInput(): void {
    const room = this as unknown as { _onMessage(client: Client, frame: Uint8Array): void };
    const handle = room._onMessage;
    room._onMessage = (client, frame) => {
      if (frame !== undefined && frame.length > 0 && (frame[0]! & PROTOCOL_CODE_BITS) === Protocol.ROOM_INPUT_UNRELIABLE) {
        this.guard.ignoreUnknown(client, "unreliable_input");
        return;
      }
      handle.call(this, client, frame);
    };
  }

  /** Tops the room up to its `bots` count, as far as free seats allow. */
  private fillBots(): void {
    while (this.bots() < this.settings.bots && this.humans() + this.bots() < this.settings.maxPlayers) {
      const n = this.nextBot++;
      addPlayer(this.world, botId(n), botName(n), { bot: true });
    }
  }

  private removeBot(): void {
    for (const player of this.world.players.values()) {
      if (player.bot) {
        removePlayer(this.world, player.id);
        return;
      }
    }
  }

  private humans(): number {
    let n = 0;
    for (const player of this.world.players.values()) if (!player.bot) n++;
    return n;
  }

  private bots(): number {
    return this.world.players.size - this.humans();
  }

  private publishMetadata(): void {
    if (this.world.phase !== this.publishedPhase) {
      this.publishedPhase = this.world.phase;
      if (this.world.phase === "countdown") this.matchStartedAt = Date.now();
      if (this.world.phase === "waiting") this.matchStartedAt = 0;
    }
    const metadata: ArenaMetadata = {
      mode: this.settings.mode,
      phase: this.world.phase,
      humans: this.humans(),
      bots: this.bots(),
      maxPlayers: this.settings.maxPlayers,
      private: this.settings.private,
      startedAt: this.matchStartedAt,
    };
    if (this.settings.code !== undefined) metadata.code = this.settings.code;
    this.setMetadata(metadata).catch((err) => this.log.warn({ err }, "metadata not published"));
  }
}

const INPUT_READER = new InputReader(ArenaInput);

/** The low five bits of a frame's first byte are its protocol code; the high three are modifiers. */
const PROTOCOL_CODE_BITS = 0x1f;

/** -1..1, with NaN as 0 (the map form of `sanitize` would make NaN the minimum, -1). */
function unit(value: number): number {
  if (!(value === value)) return 0;
  return value < -1 ? -1 : value > 1 ? 1 : value;
}
