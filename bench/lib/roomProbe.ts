import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { Room } from "colyseus";
import { StepTimer } from "../../src/rooms/arena/stepTimer.ts";
import { LatencyHistogram, type SerializedHistogram } from "./latency.ts";

/**
 * Measures, inside a bench server process, what each room's periodic work costs, without touching
 * the rooms' code: the step drivers and broadcastPatch are wrapped once, before any room exists.
 *
 * A "tick" is one unit of periodic room work that holds the event loop:
 * - the arena runs each step from its StepTimer and patches right after it in the same callback:
 *   one sample per step, patch included;
 * - a room with its own patch timer (the naive room: 30 Hz steps, 20 Hz patches) gives one sample
 *   per step and one per patch, each timed alone (that flatters it, if anything).
 * The event-loop delay, RSS and patch counts come from the same process.
 */
export interface ProbeStats {
  ticks: SerializedHistogram;
  steps: number;
  patches: number;
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
  rssMb: number;
  heapUsedMb: number;
  rooms: number;
  elapsedMs: number;
}

let ticks = new LatencyHistogram();
let steps = 0;
let patches = 0;
let since = performance.now();
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
const patchedRooms = new Set<Room>();
/** Set while an arena step runs, so its patch is timed as part of it rather than alone. */
let inStep = false;

export function installRoomProbe(): void {
  loopDelay.enable();
  const timer = StepTimer.prototype as { step(): void };
  const step = timer.step;
  timer.step = function (this: StepTimer) {
    const start = performance.now();
    inStep = true;
    try {
      step.call(this);
    } finally {
      inStep = false;
      steps++;
      ticks.record(performance.now() - start);
    }
  };

  const proto = Room.prototype as any;
  // The naive room steps through setSimulationInterval (→ setTimestep); each step is one tick.
  const setTimestep = proto.setTimestep;
  proto.setTimestep = function (this: Room, callback: (...args: unknown[]) => void, ...rest: unknown[]) {
    const timed = function (this: unknown, ...args: unknown[]) {
      const start = performance.now();
      try {
        return callback.apply(this, args);
      } finally {
        steps++;
        ticks.record(performance.now() - start);
      }
    };
    return setTimestep.call(this, timed, ...rest);
  };

  const broadcastPatch = proto.broadcastPatch;
  proto.broadcastPatch = function (this: Room) {
    const start = performance.now();
    try {
      return broadcastPatch.call(this);
    } finally {
      patches++;
      patchedRooms.add(this);
      if (!inStep) ticks.record(performance.now() - start);
    }
  };
}

/** The figures since the last reset; `reset` starts a new window. */
export function probeStats(reset: boolean): ProbeStats {
  const memory = process.memoryUsage();
  const stats: ProbeStats = {
    ticks: ticks.toJSON(),
    steps,
    patches,
    eventLoopDelayP99Ms: loopDelay.count > 0 ? loopDelay.percentile(99) / 1e6 : 0,
    eventLoopDelayMaxMs: loopDelay.count > 0 ? loopDelay.max / 1e6 : 0,
    rssMb: Math.round(memory.rss / 2 ** 20),
    heapUsedMb: Math.round(memory.heapUsed / 2 ** 20),
    rooms: patchedRooms.size,
    elapsedMs: performance.now() - since,
  };
  if (reset) {
    ticks = new LatencyHistogram();
    steps = 0;
    patches = 0;
    patchedRooms.clear();
    loopDelay.reset();
    since = performance.now();
  }
  return stats;
}
