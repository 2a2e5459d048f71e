import { performance } from "node:perf_hooks";
import { DEFAULT_PATCH_HZ, STEP_HZ, type PatchHz } from "../../src/sim/index.ts";
import { LatencyHistogram } from "../lib/latency.ts";
import { coreBusySeconds, pinnedCores, waitForQuietCores } from "../lib/machine.ts";
import { runLoad, startServer } from "../lib/processes.ts";
import type { ProbeStats } from "../lib/roomProbe.ts";
import type { ArenaLoadArgs, ArenaLoadResult, ArenaLoadStep } from "../load/arena.ts";
import { CONNECT_BUDGET_MS } from "../load/arena.ts";

/**
 * What the arena scenarios (capacity, bandwidth, inputLatency) share: one server of a side (the
 * product, with or without interest, or the naive room), one load generator ramping through the
 * steps, and at each step the server's own figures over the load generator's measured window.
 */

export type SideName = "product" | "productWithoutInterest" | "productAtOtherPatchRate" | "reference";

/**
 * The operator's other patch rate (ARENA_PATCH_HZ=30, a patch after every step): every arena scenario
 * measures the product at it too, so what the default trades (bytes and clients held against input
 * latency) is read off the same run.
 */
export const OTHER_PATCH_HZ: PatchHz = 30;

// The product's sides name their patch rate, so an ARENA_PATCH_HZ in the bench's own environment
// cannot change what they measure.
export const SIDES: Record<SideName, { target: string; env?: Record<string, string>; load: ArenaLoadArgs["target"]; patchHz: number; label: string }> = {
  product: { target: "arena", env: { ARENA_PATCH_HZ: String(DEFAULT_PATCH_HZ) }, load: "arena", patchHz: DEFAULT_PATCH_HZ, label: `arena at ${DEFAULT_PATCH_HZ} Hz` },
  productWithoutInterest: {
    target: "arena",
    env: { ARENA_PATCH_HZ: String(DEFAULT_PATCH_HZ), BENCH_ARENA_INTEREST: "off" },
    load: "arena",
    patchHz: DEFAULT_PATCH_HZ,
    label: "arena, interest off",
  },
  productAtOtherPatchRate: {
    target: "arena",
    env: { ARENA_PATCH_HZ: String(OTHER_PATCH_HZ) },
    load: "arena",
    patchHz: OTHER_PATCH_HZ,
    label: `arena at ${OTHER_PATCH_HZ} Hz`,
  },
  // Colyseus's default patch rate: 50 ms.
  reference: { target: "naive-arena", load: "naive", patchHz: 20, label: "naive" },
};

/** Holds: tick p99 < 16 ms, event-loop delay p99 < 50 ms, every client ≥ 95 % of the promised patches. */
export const HOLD = { tickP99Ms: 16, eventLoopDelayP99Ms: 50, patchShare: 0.95 };
/** Share of a core other processes may take on a pinned core before a step is called disturbed. */
export const DISTURBED = 0.1;

export interface ArenaStep {
  clients: number;
  connected: number;
  connectFailed: number;
  connectError?: string;
  rooms: number;
  tickP50Ms: number;
  tickP99Ms: number;
  ticksPerSecond: number;
  eventLoopDelayP99Ms: number;
  serverCpu: number | null;
  rssMb: number;
  bytesPerClientPerSecond: number;
  framesPerClientPerSecond: number;
  patchesPerClientPerSecond: number;
  promisedPatchesPerSecond: number;
  minPatchShare: number;
  p5PatchShare: number;
  inputAckP50Ms: number;
  inputAckP99Ms: number;
  inputAckSamples: number;
  sanityChecked: number;
  sanityFailed: number;
  sanityFailure?: string;
  dropped: number;
  loadGeneratorCpu: number;
  loadGeneratorEventLoop: number;
  missedInputShare: number;
  loadLimited: boolean;
  othersOnServerCore: number | null;
  othersOnLoadCore: number | null;
  disturbed: boolean;
  holds: boolean;
  /** Why it does not hold (empty when it does). */
  failing: string[];
}

export interface SideRun {
  side: SideName;
  target: string;
  steps: ArenaStep[];
  stoppedBecause?: string;
}

export interface RunSideOptions {
  steps: number[];
  warmupMs: number;
  durationMs: number;
  fullEvery: number;
  threads: number;
  quietWaitMs: number;
  profileDir?: string;
  log?: (line: string) => void;
}

export async function runSide(side: SideName, options: RunSideOptions): Promise<SideRun> {
  const spec = SIDES[side];
  await waitForQuietCores({ maxWaitMs: options.quietWaitMs, threshold: DISTURBED });
  const server = await startServer(spec.target, { profileDir: options.profileDir, env: spec.env });
  const cores = pinnedCores();
  const steps: ArenaStep[] = [];
  try {
    let start: { at: number; cpu: number | null; serverCore: number | null; loadCore: number | null; reset: Promise<ProbeStats> } | undefined;
    const pending: Array<Promise<void>> = [];
    const serverSide = new Map<number, { stats: ProbeStats; cpu: number | null; serverCore: number | null; loadCore: number | null }>();
    const sample = () => ({
      at: performance.now(),
      cpu: server.cpuSeconds(),
      serverCore: cores ? coreBusySeconds(cores.server) : null,
      loadCore: cores ? coreBusySeconds(cores.load) : null,
    });
    const args: ArenaLoadArgs = {
      url: server.url,
      target: spec.load,
      steps: options.steps,
      warmupMs: options.warmupMs,
      durationMs: options.durationMs,
      fullEvery: options.fullEvery,
      stepHz: STEP_HZ,
      patchHz: spec.patchHz,
      threads: options.threads,
      stopBelowPatchShare: 0.5,
      stopWhenBehind: { patchShare: HOLD.patchShare, steps: 2 },
    };
    const result = await runLoad<ArenaLoadResult>(
      { module: "bench/load/arena.ts", export: "arenaLoad", args },
      {
        timeoutMs: options.steps.length * (CONNECT_BUDGET_MS + options.warmupMs + options.durationMs) + 60_000,
        onEvent: (event) => {
          if (event.name === "measure-start") start = { ...sample(), reset: server.stats(true) };
          else if (event.name === "measure-end" && start) {
            const begin = start;
            const end = sample();
            const seconds = (end.at - begin.at) / 1000;
            const share = (a: number | null, b: number | null) => (a !== null && b !== null && seconds > 0 ? (b - a) / seconds : null);
            pending.push(
              server.stats(false).then((stats) =>
                void serverSide.set(event.clients as number, {
                  stats,
                  cpu: share(begin.cpu, end.cpu),
                  serverCore: share(begin.serverCore, end.serverCore),
                  loadCore: share(begin.loadCore, end.loadCore),
                }),
              ),
            );
          } else if (event.name === "step") {
            const s = event.step as ArenaLoadStep;
            options.log?.(
              `${spec.label} × ${s.clients}: ${s.bytesPerClientPerSecond} B/client/s, patches ${Math.round(s.p5PatchShare * 100)} % (p5), ` +
                `load CPU ${Math.round(s.loadCpu * 100)} %, missed inputs ${(s.missedInputShare * 100).toFixed(1)} %`,
            );
          }
        },
      },
    );
    await Promise.all(pending);
    for (const load of result.steps) steps.push(combine(load, serverSide.get(load.clients), spec.patchHz));
    return { side, target: spec.target, steps, ...(result.stoppedBecause ? { stoppedBecause: result.stoppedBecause } : {}) };
  } finally {
    await server.stop();
  }
}

function combine(
  load: ArenaLoadStep,
  server: { stats: ProbeStats; cpu: number | null; serverCore: number | null; loadCore: number | null } | undefined,
  patchHz: number,
): ArenaStep {
  const ticks = server ? LatencyHistogram.fromJSON(server.stats.ticks) : new LatencyHistogram();
  const tick = ticks.summary();
  const othersOnServerCore = server?.serverCore != null && server.cpu != null ? round3(Math.max(0, server.serverCore - server.cpu)) : null;
  const othersOnLoadCore = server?.loadCore != null ? round3(Math.max(0, server.loadCore - load.loadCpu)) : null;
  const eventLoopDelayP99Ms = round3(server?.stats.eventLoopDelayP99Ms ?? 0);
  const failing: string[] = [];
  if (!server) failing.push("no server figures");
  if (tick.p99Ms >= HOLD.tickP99Ms) failing.push(`tick p99 ${tick.p99Ms.toFixed(1)} ms`);
  if (eventLoopDelayP99Ms >= HOLD.eventLoopDelayP99Ms) failing.push(`event-loop delay p99 ${eventLoopDelayP99Ms.toFixed(1)} ms`);
  if (load.minPatchShare < HOLD.patchShare) failing.push(`least-served client got ${Math.round(load.minPatchShare * 100)} % of patches`);
  if (load.connectFailed > 0) failing.push(`${load.connectFailed} clients could not join`);
  if (load.window.dropped > 0) failing.push(`${load.window.dropped} clients dropped`);
  if (load.window.sanity.failed > 0) failing.push(`${load.window.sanity.failed} full clients saw a wrong state`);
  const seconds = (server?.stats.elapsedMs ?? load.window.ms) / 1000;
  return {
    clients: load.clients,
    connected: load.window.clients,
    connectFailed: load.connectFailed,
    ...(load.connectError ? { connectError: load.connectError } : {}),
    rooms: server?.stats.rooms ?? 0,
    tickP50Ms: tick.p50Ms,
    tickP99Ms: tick.p99Ms,
    ticksPerSecond: Math.round(tick.samples / seconds),
    eventLoopDelayP99Ms,
    serverCpu: server?.cpu != null ? round3(server.cpu) : null,
    rssMb: server?.stats.rssMb ?? 0,
    bytesPerClientPerSecond: load.bytesPerClientPerSecond,
    framesPerClientPerSecond: load.framesPerClientPerSecond,
    patchesPerClientPerSecond: load.patchesPerClientPerSecond,
    promisedPatchesPerSecond: patchHz,
    minPatchShare: load.minPatchShare,
    p5PatchShare: load.p5PatchShare,
    inputAckP50Ms: load.window.latency.p50Ms,
    inputAckP99Ms: load.window.latency.p99Ms,
    inputAckSamples: load.window.latency.samples,
    sanityChecked: load.window.sanity.checked,
    sanityFailed: load.window.sanity.failed,
    ...(load.window.sanity.firstFailure ? { sanityFailure: load.window.sanity.firstFailure } : {}),
    dropped: load.window.dropped,
    loadGeneratorCpu: load.loadCpu,
    loadGeneratorEventLoop: round3(load.window.eventLoopUtilization),
    missedInputShare: load.missedInputShare,
    loadLimited: load.loadLimited,
    othersOnServerCore,
    othersOnLoadCore,
    disturbed: Math.max(othersOnServerCore ?? 0, othersOnLoadCore ?? 0) > DISTURBED,
    holds: failing.length === 0,
    failing,
  };
}

export function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

export function ratio(a: number, b: number): number {
  return b > 0 ? Math.round((a / b) * 100) / 100 : 0;
}
