// One joined arena room on screen: the frame loop (send due inputs, then draw), the HUD, the
// match-end scoreboard and the reconnecting overlay. Ends when the room is left or lost.

import { CloseCode } from "@colyseus/sdk";
import type { InputFrame } from "../../src/sim/input.ts";
import { WORLD_HEIGHT, WORLD_WIDTH } from "../../src/sim/rules.ts";
import type { Player } from "../../src/schema/ArenaState.ts";
import { Controls } from "./controls.ts";
import { Hud, type Standing } from "./hud.ts";
import type { ArenaRoom } from "./matchmaking.ts";
import { Netcode } from "./netcode.ts";
import type { Renderer } from "./render.ts";

export interface GameOptions {
  room: ArenaRoom;
  renderer: Renderer;
  spectator: boolean;
  /** Set for a private room: shown with its invite link. */
  inviteCode?: string;
  /**
   * Called once when the game is over for this room. `lost` carries the reconnection token when the
   * connection dropped and the SDK's own retries gave up: the caller may still try `client.reconnect`.
   */
  onEnd: (end: { message: string | null; lost?: string }) => void;
}

/** Seconds' grace the SDK must see a room alive before it retries a dropped connection on its own. */
const MIN_UPTIME_FOR_RETRY_MS = 1000;
/** The server holds a dropped player's seat for 20 s; these retries (backing off to 5 s) span that. */
const RECONNECT_RETRIES = 8;
const PING_EVERY_MS = 2000;

export class Game {
  readonly netcode: Netcode;
  private readonly controls: Controls;
  private readonly hud: Hud;
  private frameRequest = 0;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private aim = 0;
  /** How many projectiles the last frame drew. */
  projectilesDrawn = 0;
  private ended = false;
  private readonly scratch = { x: 0, y: 0 };
  /** Where the own player was last drawn: the origin of the aim. */
  private readonly drawnAt = { x: 0, y: 0 };
  private readonly onVisibility = () => {
    // A hidden tab stops animation frames, so no inputs would go out and the server would keep
    // repeating the last one: let go of everything at once instead.
    if (document.hidden) this.netcode.sendNow((input) => this.stage(input, true));
  };

  constructor(private readonly options: GameOptions) {
    const { room, spectator } = options;
    this.netcode = new Netcode(room, spectator);
    this.controls = new Controls(options.renderer.canvas);
    this.hud = new Hud(() => this.leave());
    // The lobby button that started the game keeps focus otherwise, and keys typed at it are not game keys.
    (document.activeElement as HTMLElement | null)?.blur();
    if (options.inviteCode !== undefined) this.hud.invite(options.inviteCode);

    room.reconnection.minUptime = MIN_UPTIME_FOR_RETRY_MS;
    room.reconnection.maxRetries = RECONNECT_RETRIES;
    room.onDrop(() => this.hud.reconnecting(true));
    room.onReconnect(() => this.hud.reconnecting(false));
    room.onLeave((code) => this.left(code));
    room.onMessage("match_end", (payload: { standings: Standing[] }) => {
      this.hud.showScoreboard(payload.standings, room.sessionId);
    });
    room.onMessage("error", (payload: unknown) => console.warn("arena:", payload));

    this.pingTimer = setInterval(() => this.netcode.measurePing(), PING_EVERY_MS);
    this.netcode.measurePing();
    document.addEventListener("visibilitychange", this.onVisibility);
    this.frameRequest = requestAnimationFrame(this.frame);
  }

  get room(): ArenaRoom {
    return this.options.room;
  }

  /** Leaves on purpose (the Leave button): the server drops the player at once. */
  leave(): void {
    if (this.ended) return;
    this.finish(null);
    this.room.leave(true).catch(() => {});
  }

  private readonly frame = (now: number) => {
    this.frameRequest = requestAnimationFrame(this.frame);
    const { room, renderer, spectator } = this.options;
    const state = room.state;
    if (state?.players === undefined) return; // the first state has not arrived yet
    // Aim from where the own player was drawn last frame: reading prediction now, before this
    // frame's inputs are sent, would see it one step stale.
    this.updateAim();
    this.netcode.frame(now, (input) => this.stage(input, false));

    const me = this.netcode.ownPlayer;
    const width = state.width || WORLD_WIDTH;
    const height = state.height || WORLD_HEIGHT;
    let ownX = 0;
    let ownY = 0;
    if (me !== null) {
      this.netcode.position(me, this.drawnAt);
      ownX = this.drawnAt.x;
      ownY = this.drawnAt.y;
    }
    renderer.begin(me !== null ? renderer.follow(ownX, ownY) : renderer.overview(width, height), width, height, this.netcode.walls);

    state.pickups.forEach((pickup) => renderer.pickup(pickup.x, pickup.y, pickup.active));
    this.projectilesDrawn = 0;
    this.netcode.projectiles(this.netcode.renderWorldTime(), (projectile, x, y) => {
      renderer.projectile(x, y, projectile.angle, projectile.ownerId === room.sessionId);
      this.projectilesDrawn++;
    });
    state.players.forEach((player, id) => {
      if (id !== room.sessionId) this.drawPlayer(player, false);
    });
    if (me !== null) this.drawPlayer(me, true);
    if (!spectator && this.controls.pointer !== null) renderer.crosshair(this.controls.pointer.x, this.controls.pointer.y);

    this.hud.update({
      hp: me?.hp ?? null,
      score: me?.score ?? 0,
      kills: me?.kills ?? 0,
      deaths: me?.deaths ?? 0,
      phase: state.phase,
      timeLeftMs: state.phaseEndsAt > 0 ? state.phaseEndsAt - this.netcode.worldNow() : null,
      pingMs: this.netcode.pingMs,
      playersInView: state.players.size,
      banner: this.banner(me),
    });
    if (state.phase !== "ended") this.hud.hideScoreboard();
  };

  private drawPlayer(player: Player, own: boolean): void {
    if (!player.alive) return;
    this.netcode.position(player, this.scratch);
    this.options.renderer.player({
      x: this.scratch.x,
      y: this.scratch.y,
      // The own barrel follows the mouse at once; others turn as the server saw them.
      angle: own ? this.aim : this.netcode.angle(player),
      name: player.name,
      hp: player.hp,
      own,
      bot: player.bot,
      connected: player.connected,
    });
  }

  /** Fills in one input step from the controls (or a neutral one when letting go). */
  private stage(input: InputFrame, neutral: boolean): void {
    if (neutral) this.controls.release();
    const { dx, dy } = this.controls.direction();
    input.dx = dx;
    input.dy = dy;
    input.aim = this.aim;
    input.fire = !neutral && this.controls.takeTrigger();
  }

  private updateAim(): void {
    const me = this.netcode.ownPlayer;
    const pointer = this.controls.pointer;
    if (me === null) return;
    if (pointer === null) {
      this.aim = me.angle;
      return;
    }
    const target = this.options.renderer.toWorld(pointer.x, pointer.y);
    const at = this.drawnAt;
    if (target.x !== at.x || target.y !== at.y) this.aim = Math.atan2(target.y - at.y, target.x - at.x);
  }

  private banner(me: Player | null): { text: string; quiet?: boolean } | null {
    const phase = this.room.state.phase;
    if (phase === "ended") return { text: "Match over" };
    if (me !== null && !me.alive) return { text: "Respawning…" };
    if (phase === "countdown") {
      const left = Math.ceil((this.room.state.phaseEndsAt - this.netcode.worldNow()) / 1000);
      return { text: left > 0 ? `Get ready… ${left}` : "Fight!" };
    }
    if (phase === "waiting" && me !== null) return { text: "Warm-up: waiting for another player", quiet: true };
    return null;
  }

  private left(code: number): void {
    if (this.ended) return;
    const token = this.room.reconnectionToken;
    if (code === CloseCode.FAILED_TO_RECONNECT || code === CloseCode.ABNORMAL_CLOSURE) {
      this.finish(null, token);
      return;
    }
    const messages: Record<number, string> = {
      [CloseCode.SERVER_SHUTDOWN]: "The server is restarting. Join again in a moment.",
      [CloseCode.WITH_ERROR]: "The game closed because of an error.",
      4008: "Disconnected: too many messages.",
    };
    this.finish(messages[code] ?? "You left the game.");
  }

  private finish(message: string | null, lost?: string): void {
    this.ended = true;
    cancelAnimationFrame(this.frameRequest);
    clearInterval(this.pingTimer);
    document.removeEventListener("visibilitychange", this.onVisibility);
    this.controls.dispose();
    this.netcode.dispose();
    this.hud.dispose();
    if (lost !== undefined) this.hud.reconnecting(true, "Rejoining…");
    this.options.onEnd(lost !== undefined ? { message, lost } : { message });
  }
}
