// The server time that interpolated things are drawn at, advanced once per animation frame.
//
// The SDK's lerp renders at `serverNow() − delay − rtt/2`, but `serverNow()` is read whenever the
// frame's code happens to run (a few ms apart from frame to frame, more on a busy machine) and
// carries the clock-offset estimate's per-patch wobble: at 300 units/s, remote players visibly sped
// up and slowed down (measured: 240–370 units/s frame to frame for a player walking at 300). This
// clock moves by exactly the frame interval (the rAF timestamp) and eases toward the SDK's estimate
// with a 250 ms time constant, jumping only when it is far off (joining, a resumed tab).

import type { RoomClock, RoomClockLike } from "@colyseus/sdk";

/** How quickly the display time follows the SDK's estimate, and how far off it may be before it jumps. */
const EASE_MS = 250;
const JUMP_MS = 250;

export class DisplayClock {
  private time = Number.NaN;
  private lastFrameAt = Number.NaN;

  constructor(private readonly clock: () => RoomClock) {}

  /** Moves the display time to the frame starting at `frameAt` (the requestAnimationFrame timestamp). */
  advance(frameAt: number): void {
    const clock = this.clock();
    const estimate = clock.serverNow() - (clock.now() - frameAt);
    const dt = frameAt - this.lastFrameAt;
    this.lastFrameAt = frameAt;
    if (Number.isNaN(this.time) || !(dt > 0) || dt > JUMP_MS || Math.abs(estimate - this.time - dt) > JUMP_MS) {
      this.time = estimate;
      return;
    }
    this.time += dt;
    this.time += (estimate - this.time) * (1 - Math.exp(-dt / EASE_MS));
  }

  /** Server time (ms since the room started) of the frame being drawn. */
  now(): number {
    return Number.isNaN(this.time) ? this.clock().serverNow() : this.time;
  }

  /** The timestamp of the last frame, on the page's clock. */
  get frameAt(): number {
    return this.lastFrameAt;
  }

  /**
   * The room's clock with `serverNow()` reading the display time: what `Predict` gets, so
   * interpolation draws on it. Input stamps (lag compensation) and the reconciler keep the room's clock.
   */
  forPredict(): RoomClockLike {
    const room = this.clock;
    return {
      now: () => room().now(),
      serverNow: () => this.now(),
      renderNow: () => this.now(),
      rtt: () => room().rtt(),
      smoothedRtt: () => room().smoothedRtt(),
      jitter: () => room().jitter(),
      lastServerTime: () => room().lastServerTime(),
      patchInterval: () => room().patchInterval?.() ?? 0,
      setPatchInterval: (ms) => room().setPatchInterval?.(ms),
      sample: (serverTime, rtt) => room().sample(serverTime, rtt),
    };
  }
}
