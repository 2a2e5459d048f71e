import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { Room } from "colyseus";
import { LatencyHistogram, type SerializedHistogram } from "./latency.ts";

/**
 * Measures, inside a bench server process, what each room's periodic work costs, without touching
 * the rooms' code: Room's timestep setters and broadcastPatch are wrapped once, before any room exists.
 *
 * A "tick" is one unit of periodic room work that holds the event loop:
 * - a room with patchRate = null (Arena) steps in a timer and patches right after (a microtask), on
 *   every n-th step: one sample runs from a timer's first step to the end of its broadcastPatch, or
 *   to its last step when no patch follows;
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
const frameStart = new WeakMap<Room, number>();
const lastStepEnd = new WeakMap<Room, number>();
/** Steps further apart than this ran in different timer callbacks. */
const NEW_TIMER_GAP_MS = 2;

export function installRoomProbe(): void {
  loopDelay.enable();
  const proto = Room.prototype as any;
  for (const name of ["setFixedTimestep", "setTimestep"] as const) {
    const original = proto[name];
    proto[name] = function (this: Room, callback: (...args: unknown[]) => void, ...rest: unknown[]) {
      const room = this;
      const timed = function (this: unknown, ...args: unknown[]) {
        const start = performance.now();
        try {
          return callback.apply(this, args);
        } finally {
          steps++;
          const end = performance.now();
          if ((room as any).patchRate) ticks.record(end - start);
          else {
            // A room that patches every n-th step: a timer's steps with no patch after them are a tick
            // of their own, closed when the next timer's first step starts.
            const open = frameStart.get(room);
            const last = lastStepEnd.get(room) ?? 0;
            if (open === undefined) frameStart.set(room, start);
            else if (start - last > NEW_TIMER_GAP_MS) {
              ticks.record(last - open);
              frameStart.set(room, start);
            }
            lastStepEnd.set(room, end);
          }
        }
      };
      return original.call(this, timed, ...rest);
    };
  }
  const broadcastPatch = proto.broadcastPatch;
  proto.broadcastPatch = function (this: Room) {
    const start = performance.now();
    try {
      return broadcastPatch.call(this);
    } finally {
      patches++;
      patchedRooms.add(this);
      const end = performance.now();
      const opened = frameStart.get(this);
      frameStart.delete(this);
      ticks.record(end - (opened ?? start));
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
