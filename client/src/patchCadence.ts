import { STEP_MS } from "../../src/sim/rules.ts";

/**
 * The server's patch interval, read off the `tick` each state carries. The operator chooses the patch
 * rate (ARENA_PATCH_HZ: a patch after every step, or after every other one), and the SDK's
 * interpolation must know it: a gap of more than 1.5 patch intervals in an entity's samples reads as
 * the entity standing still. The first state a client receives is taken at any step, patch or not, so
 * gaps count from the first patch after it; the fewest steps between two patches is the cadence (a
 * slow server only ever widens a gap, and catch-up steps go out together).
 */
export class PatchCadence {
  private lastTick = -1;
  private states = 0;
  private fewestSteps = Number.POSITIVE_INFINITY;

  /** Notes a state's tick; returns the patch interval in ms once known, else 0. */
  observe(tick: number): number {
    if (tick > this.lastTick) {
      if (this.states >= 2) this.fewestSteps = Math.min(this.fewestSteps, tick - this.lastTick);
      this.lastTick = tick;
      this.states++;
    }
    return Number.isFinite(this.fewestSteps) ? this.fewestSteps * STEP_MS : 0;
  }
}
