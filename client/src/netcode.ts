// The client half of the netcode, built on Colyseus 0.18's prediction helpers:
//
// - own player: predicted. Each fixed step the game stages one input on the SDK's `room.input()`
//   handle and sends it; a `Reconciler` (predict.reconciler) observes every send and applies it at
//   once with the server's own movement code (src/sim/input.ts `applyInput`). When the server's ack
//   of the last applied input arrives with a patch, the reconciler rewinds to the authoritative x/y
//   and replays the inputs still in flight; any difference decays out over a few frames. When an input
//   reached the server late, the server repeated our held keys and will pass over as many of our next
//   inputs' movement (Player.repeatsOwed): the replay does the same, so lateness is no correction.
// - other players: interpolated (`Predict` lerp) between server samples, drawn INTERPOLATION_DELAY_MS
//   behind the newest one, on the server-stamped time axis so network jitter does not show, at a
//   time that advances evenly from frame to frame (displayClock.ts).
// - projectiles: the state carries only their launch, so their position is a function of time; they
//   are drawn at the same instant as the interpolated players, which keeps shots and shooters together.
// - input backlog: see inputBacklog.ts; one step's input is left out now and then, while standing
//   still, when the server holds a queue of our inputs.

import { Callbacks, Predict, type InputHandle, type Reconciler } from "@colyseus/sdk";
import { applyInput, type InputFrame } from "../../src/sim/input.ts";
import { PROJECTILE_LIFE_MS, PROJECTILE_SPEED, STEP_MS, type Wall } from "../../src/sim/rules.ts";
import type { PlayerBody, World } from "../../src/sim/world.ts";
import type { Player, Projectile } from "../../src/schema/ArenaState.ts";
import { DisplayClock } from "./displayClock.ts";
import { InputBacklog } from "./inputBacklog.ts";
import { PatchCadence } from "./patchCadence.ts";
import type { ArenaRoom } from "./matchmaking.ts";

/** How far behind the newest server state other players and projectiles are drawn. */
export const INTERPOLATION_DELAY_MS = 100;

/** A jump larger than this between two samples is a respawn, drawn as a cut rather than a glide. */
const TELEPORT_UNITS = 120;

interface Point {
  x: number;
  y: number;
}

type Body = { x: number; y: number };

export class Netcode {
  readonly predict: Predict;
  private readonly input: InputHandle<InputFrame> | null;
  private own: { player: Player; reconciler: Reconciler<Body> } | null = null;
  /** The walls as the state lists them: what prediction collides with (and what the renderer draws). */
  readonly walls: Wall[] = [];
  /** The only part of a World that movement reads. */
  private readonly movement: Pick<World, "walls"> = { walls: this.walls };
  /** state.serverTime (the match clock) minus the SDK clock's server time, smoothed. */
  private worldOffset = Number.NaN;
  private readonly display: DisplayClock;
  private readonly onState = () => {
    this.sampleWorldClock();
    this.notePatchCadence();
  };
  private readonly cadence = new PatchCadence();
  /** The patch interval the SDK clock was last told (0: not yet known). */
  private patchMs = 0;
  /** Projectiles the server removed, kept until the delayed render time reaches their removal. */
  private readonly departed = new Map<Projectile, number>();
  private readonly unsubscribe: Array<() => void> = [];
  private readonly backlog: InputBacklog | null;
  private lastPing: number | null = null;
  /** Reconcile telemetry: how far each reconcile moved the own player's prediction. */
  private readonly corrections = { reconciles: 0, max: 0, last: 0 };
  /** Set by each reconcile during predict.tick, so frame() can measure what it moved. */
  private reconciled = false;

  constructor(
    private readonly room: ArenaRoom,
    spectator: boolean,
  ) {
    this.display = new DisplayClock(() => room.clock);
    this.predict = Predict.get(room, { mode: "lerp", delay: INTERPOLATION_DELAY_MS, clock: this.display.forPredict() });
    // Samples are stamped with the server's send time, which wanders a few ms around the step
    // grid with the server's event loop; snapping them to the grid keeps interpolated speed even.
    this.predict.attachAll("players", {
      x: { mode: "lerp", snap: TELEPORT_UNITS, tickInterval: STEP_MS },
      y: { mode: "lerp", snap: TELEPORT_UNITS, tickInterval: STEP_MS },
      angle: { mode: "lerp", angle: true, tickInterval: STEP_MS },
    });
    this.input = spectator ? null : room.input<InputFrame>({ mode: "reliable" });
    this.backlog = this.input === null ? null : new InputBacklog(this.input);

    const callbacks = Callbacks.get(room);
    this.unsubscribe.push(
      callbacks.onAdd("walls", (wall) => {
        this.walls.push({ x: wall.x, y: wall.y, width: wall.width, height: wall.height });
      }),
      callbacks.onAdd("players", (player, id) => {
        if (id === room.sessionId) this.follow(player);
      }),
      callbacks.onRemove("projectiles", (projectile) => {
        this.departed.set(projectile, room.state.serverTime);
      }),
    );
    room.onStateChange(this.onState);
  }

  /**
   * The frame's first call: advances prediction and interpolation, and sends the inputs that are due
   * (one per fixed step, at the server's rate) after `stage` fills each one in.
   */
  frame(now: number, stage: (input: InputFrame) => void): void {
    this.display.advance(now);
    const before = this.predictedOwn();
    this.reconciled = false;
    let due = this.predict.tick(now);
    const after = this.reconciled ? this.predictedOwn() : null;
    if (before !== null && after !== null) this.noteCorrection(Math.hypot(after.x - before.x, after.y - before.y));
    const input = this.input;
    if (input === null || this.backlog === null) return;
    // The last input sent says whether we stand still: only then is leaving one out invisible.
    if (due > 0 && this.own !== null && input.data.dx === 0 && input.data.dy === 0 && this.backlog.shouldSkip(now)) due--;
    for (let i = 0; i < due; i++) {
      stage(input.data);
      // The server reports the seq it applied as Player.lastInput; numbering inputs like the handle
      // does makes that the same number as the handle's ack, which the reconciler replays from.
      input.data.seq = input.sentCount + 1;
      const seq = input.send();
      if (seq > 0) this.backlog.sent(seq, now);
    }
  }

  /** Sends one input now, outside the step pacing: used to let go of held keys when the tab hides. */
  sendNow(stage: (input: InputFrame) => void): void {
    if (this.input === null || this.own === null) return;
    stage(this.input.data);
    this.input.data.seq = this.input.sentCount + 1;
    this.input.send();
  }

  /** Measures the network round trip with a ping message (the HUD shows it; backlog control uses it). */
  measurePing(): void {
    this.room.ping((ms) => {
      this.lastPing = ms;
      this.backlog?.notePing(ms);
    });
  }

  /** The latest ping, in ms, or null before the first answer. */
  get pingMs(): number | null {
    return this.lastPing;
  }

  /** Steps our inputs wait in the server's queue beyond the next step (null while unknown). */
  queuedSteps(): number | null {
    return this.backlog?.queuedSteps(this.display.frameAt) ?? null;
  }

  /** The own player's schema instance (authoritative), once it has arrived. */
  get ownPlayer(): Player | null {
    return this.own?.player ?? null;
  }

  /** Where to draw a player: the reconciled prediction for the own one, interpolation for others. */
  position(player: Player, out: Point): Point {
    out.x = this.predict.value(player, "x");
    out.y = this.predict.value(player, "y");
    return out;
  }

  angle(player: Player): number {
    return this.predict.value(player, "angle");
  }

  /** The own player's exact predicted position (no render smoothing), for tests and diagnostics. */
  predictedOwn(): Point | null {
    const state = this.own?.reconciler.state;
    return state ? { x: state.x, y: state.y } : null;
  }

  /** Inputs sent, and the last one the server acknowledged applying. */
  inputCounts(): { sent: number; acked: number } {
    return { sent: this.input?.sentCount ?? 0, acked: this.input?.lastProcessed ?? 0 };
  }

  /** Reconciles since the last reset, and the largest and latest correction they made (world units). */
  correctionStats(reset = false): { reconciles: number; max: number; last: number } {
    const stats = { ...this.corrections };
    if (reset) Object.assign(this.corrections, { reconciles: 0, max: 0, last: 0 });
    return stats;
  }

  /** The match clock (state.serverTime's axis) at the instant interpolated entities are drawn. */
  renderWorldTime(): number {
    return this.display.now() - INTERPOLATION_DELAY_MS - this.room.clock.smoothedRtt() / 2 + this.offset();
  }

  /** The match clock now, as best the client knows it (for "time left"). */
  worldNow(): number {
    return this.room.clock.serverNow() + this.offset();
  }

  /** Each projectile to draw with its position at `time`, including recently removed ones. */
  projectiles(time: number, draw: (projectile: Projectile, x: number, y: number) => void): void {
    const at = (projectile: Projectile) => {
      const age = time - projectile.firedAt;
      if (age < 0 || age > PROJECTILE_LIFE_MS) return;
      const distance = (PROJECTILE_SPEED * age) / 1000;
      draw(projectile, projectile.x + Math.cos(projectile.angle) * distance, projectile.y + Math.sin(projectile.angle) * distance);
    };
    this.room.state.projectiles.forEach(at);
    for (const [projectile, removedAt] of this.departed) {
      if (time >= removedAt || time - projectile.firedAt > PROJECTILE_LIFE_MS) this.departed.delete(projectile);
      else at(projectile);
    }
  }

  dispose(): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe.length = 0;
    this.room.onStateChange.remove(this.onState);
    this.own?.reconciler.dispose();
    this.own = null;
    this.predict.dispose();
    this.departed.clear();
  }

  /**
   * A reconcile's correction: how far it moved the own player's prediction. The SDK keeps its own gauge
   * (`lastCorrectionMag`) only while its debug overlay is loaded.
   */
  private noteCorrection(magnitude: number): void {
    this.corrections.reconciles++;
    this.corrections.last = magnitude;
    if (magnitude > this.corrections.max) this.corrections.max = magnitude;
  }

  /** Starts predicting the own player (again, if a resync handed us a new instance). */
  private follow(player: Player): void {
    const input = this.input;
    if (input === null || this.own?.player === player) return;
    this.own?.reconciler.dispose();
    const reconciler = this.predict.reconciler(player, {
      input,
      clock: this.room.clock,
      fields: ["x", "y"],
      snap: TELEPORT_UNITS,
      onReconcile: () => {
        this.reconciled = true;
      },
      step: (ctx, body: Body, command) => {
        // The same rules as the server's step: the dead and everyone in "ended" stand still, and when
        // the server repeated our held keys for want of an input, it already moved us for as many of
        // our next inputs (Player.repeatsOwed), whose movement it will pass over.
        const passedOver = ctx.tick <= input.lastProcessed + player.repeatsOwed;
        if (player.alive && this.room.state.phase !== "ended" && !passedOver) applyInput(this.movement as World, body as PlayerBody, command);
      },
    });
    this.own = { player, reconciler };
  }

  /**
   * Telling the clock the patch cadence lets interpolation tell an idle gap (delta-encoded, nothing
   * sent) from the normal wait between patches; Arena's patchRate is off, so the SDK's handshake
   * cannot advertise it.
   */
  private notePatchCadence(): void {
    const ms = this.cadence.observe(this.room.state.tick);
    if (ms === this.patchMs) return;
    this.patchMs = ms;
    this.room.clock.setPatchInterval?.(ms);
  }

  private sampleWorldClock(): void {
    const serverTime = this.room.clock.lastServerTime();
    if (serverTime <= 0) return;
    const sample = this.room.state.serverTime - serverTime;
    this.worldOffset = Number.isNaN(this.worldOffset) ? sample : this.worldOffset + (sample - this.worldOffset) * 0.1;
  }

  private offset(): number {
    return Number.isNaN(this.worldOffset) ? 0 : this.worldOffset;
  }
}
