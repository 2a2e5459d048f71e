import { performance } from "node:perf_hooks";

/**
 * Runs the fixed step on wall-clock deadlines, one step per callback: step n is due at
 * first + (n − 1) × stepMs, however late earlier callbacks ran.
 *
 * Colyseus's setFixedTimestep drives its accumulator from setInterval, which Node re-arms from the
 * moment each callback ran, so every late callback pushes all later ones back; the accumulator then
 * runs two or three steps in one callback, and those share one patch and one room-clock time.
 * Measured at 496 clients (80 % CPU) clients lost 11–14 % of their patches that way, and 4 % at
 * 55 % CPU. Here a step that is already due when the previous one ends runs in its own callback right
 * after pending I/O (setImmediate), so every step gets its own patch at its own clock time.
 *
 * After a stall longer than MAX_BACKLOG steps the backlog is dropped, as Colyseus does, so an
 * overloaded room cannot spiral; `onDropped` hears how many steps were dropped.
 */
export class StepTimer {
  /**
   * Where within each step period (ms past a multiple of stepMs on the performance clock) this
   * timer's steps fall. Rooms created in a burst would otherwise step in a burst too, every period:
   * their steps and patches then hold up the reads of everyone's inputs, which miss their step.
   * Each new timer takes the next point of the golden-ratio sequence, which spreads any run of
   * timers evenly over the period (the largest gap at most about 2.6 times the smallest).
   */
  readonly phase: number;
  private due = 0;
  private timeout: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;

  constructor(
    private readonly stepMs: number,
    private readonly run: () => void,
    private readonly onDropped: (steps: number) => void = () => undefined,
  ) {
    this.phase = ((phases++ * GOLDEN_RATIO_FRACTION) % 1) * stepMs;
  }

  /** The first step is due at this timer's phase, a full step from now or up to one step later. */
  start(): void {
    const now = performance.now();
    const toPhase = (((this.phase - now) % this.stepMs) + this.stepMs) % this.stepMs;
    this.due = now + this.stepMs + toPhase;
    this.schedule();
  }

  stop(): void {
    clearTimeout(this.timeout);
    clearImmediate(this.immediate);
    this.timeout = undefined;
    this.immediate = undefined;
    this.due = Number.POSITIVE_INFINITY;
  }

  /** One step; a method of its own so the bench can time it. */
  step(): void {
    this.run();
  }

  private schedule(): void {
    const wait = this.due - performance.now();
    if (wait > 0) this.timeout = setTimeout(this.fire, wait);
    else this.immediate = setImmediate(this.fire);
  }

  private readonly fire = (): void => {
    this.timeout = undefined;
    this.immediate = undefined;
    const now = performance.now();
    if (now < this.due) return this.schedule(); // timers round to whole ms and may fire a fraction early
    const late = now - this.due;
    if (late > MAX_BACKLOG * this.stepMs) {
      // Every step due by now but this one is dropped.
      this.due = now;
      this.onDropped(Math.floor(late / this.stepMs));
    }
    this.due += this.stepMs;
    try {
      this.step();
    } finally {
      if (this.due !== Number.POSITIVE_INFINITY) this.schedule();
    }
  };
}

/** Timers created in this process so far: the index of the next one's phase. */
let phases = 0;
const GOLDEN_RATIO_FRACTION = (Math.sqrt(5) - 1) / 2;

/** Steps a stalled timer may owe before the rest are dropped (Colyseus's own catch-up limit). */
const MAX_BACKLOG = 5;
