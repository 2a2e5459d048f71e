import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import type { LoadFunction } from "../lib/load-main.ts";
import { LatencyHistogram, type LatencySummary } from "../lib/latency.ts";
import { ArenaClientPool, type PoolOptions, type WindowStats } from "./arena-pool.ts";

/**
 * The client side of the arena scenarios (capacity, bandwidth, inputLatency), run inside a
 * load-generator process: ramps up clients step by step (they stay connected between steps), and at
 * each step lets them play for a warm-up and a measured window. The clients live in `threads`
 * ArenaClientPools: inline for 1, otherwise one per worker thread (all on the load generator's core).
 * It reports `measure-start`/`measure-end` events so the scenario can read the server around the
 * window, and stops ramping when the server no longer delivers (or clients cannot join).
 */

export interface ArenaLoadArgs {
  url: string;
  target: "arena" | "naive";
  steps: number[];
  warmupMs: number;
  durationMs: number;
  fullEvery: number;
  stepHz: number;
  /** Patches per second the room promises each client. */
  patchHz: number;
  threads: number;
  /** Stop the ramp after a step where the least-served 5 % of clients got less than this share of patches. */
  stopBelowPatchShare: number;
  /**
   * Also stop after `steps` steps in a row where some client got less than `patchShare` of the promised
   * patches: the server or the load generator has fallen behind for good, and what the server holds
   * is read below the first such step (one more guards against a passing hiccup of either).
   */
  stopWhenBehind: { patchShare: number; steps: number };
}

export interface ArenaLoadStep {
  clients: number;
  connectFailed: number;
  connectError?: string;
  connectMs: number;
  window: Omit<WindowStats, "latency"> & { latency: LatencySummary };
  /** Load generator CPU (share of one core) and its missed input slots in the window. */
  loadCpu: number;
  missedInputShare: number;
  loadLimited: boolean;
  bytesPerClientPerSecond: number;
  framesPerClientPerSecond: number;
  patchesPerClientPerSecond: number;
  /** Least-served client's patches ÷ what the patch rate promises over the window. */
  minPatchShare: number;
  p5PatchShare: number;
}

export interface ArenaLoadResult {
  steps: ArenaLoadStep[];
  stoppedBecause?: string;
}

export const CONNECT_CONCURRENCY = 40;
export const CONNECT_BUDGET_MS = 90_000;
const LOAD_LIMITED_MISSED_SHARE = 0.01;

export const arenaLoad: LoadFunction<ArenaLoadArgs, ArenaLoadResult> = async (args, report) => {
  const pools = createPools(args);
  const steps: ArenaLoadStep[] = [];
  let stoppedBecause: string | undefined;
  let behind = 0;
  try {
    for (const target of args.steps) {
      const want = target - pools.size();
      const connectStarted = performance.now();
      const connected = want > 0 ? await pools.connect(want) : { failed: 0 };
      const connectMs = Math.round(performance.now() - connectStarted);
      await sleep(args.warmupMs);
      report({ name: "measure-start", clients: target });
      await pools.startWindow();
      await sleep(args.durationMs);
      const window = await pools.endWindow();
      report({ name: "measure-end", clients: target });
      const seconds = window.ms / 1000;
      const promised = args.patchHz * seconds;
      const missedInputShare = window.inputSlotsDue > 0 ? window.inputSlotsMissed / window.inputSlotsDue : 0;
      const step: ArenaLoadStep = {
        clients: target,
        connectFailed: connected.failed,
        ...(connected.failed > 0 ? { connectError: connected.error } : {}),
        connectMs,
        window: { ...window, latency: LatencyHistogram.fromJSON(window.latency).summary() },
        loadCpu: round3(window.cpuSeconds / seconds),
        missedInputShare: round3(missedInputShare),
        loadLimited: missedInputShare > LOAD_LIMITED_MISSED_SHARE,
        bytesPerClientPerSecond: Math.round(window.bytes / Math.max(1, window.clients) / seconds),
        framesPerClientPerSecond: round3(window.frames / Math.max(1, window.clients) / seconds),
        patchesPerClientPerSecond: round3(window.patches / Math.max(1, window.clients) / seconds),
        minPatchShare: round3(window.minPatches / promised),
        p5PatchShare: round3(window.p5Patches / promised),
      };
      steps.push(step);
      report({ name: "step", step });
      if (connected.failed > want * 0.05 && connected.failed > 0) {
        stoppedBecause = `${connected.failed} of ${want} clients could not join (${connected.error})`;
        break;
      }
      if (step.p5PatchShare < args.stopBelowPatchShare) {
        stoppedBecause = `the least-served 5 % of clients got ${Math.round(step.p5PatchShare * 100)} % of the promised patches`;
        break;
      }
      behind = step.minPatchShare < args.stopWhenBehind.patchShare ? behind + 1 : 0;
      if (behind >= args.stopWhenBehind.steps) {
        stoppedBecause = `${behind} steps in a row fell short of the promised patches`;
        break;
      }
    }
  } finally {
    await pools.close();
  }
  return { steps, ...(stoppedBecause ? { stoppedBecause } : {}) };
};

interface Pools {
  size(): number;
  connect(count: number): Promise<{ failed: number; error?: string }>;
  startWindow(): Promise<void>;
  endWindow(): Promise<WindowStats>;
  close(): Promise<void>;
}

function createPools(args: ArenaLoadArgs): Pools {
  const threads = Math.max(1, args.threads);
  const options = (i: number): PoolOptions => ({ url: args.url, target: args.target, fullEvery: args.fullEvery, firstIndex: i, stepHz: args.stepHz });
  const members: Array<{ size: number; call(op: string, extra?: object): Promise<any>; stop(): Promise<unknown> }> = [];
  for (let i = 0; i < threads; i++) {
    if (threads === 1) {
      const pool = new ArenaClientPool(options(0));
      members.push({
        size: 0,
        call: async (op, extra: any = {}) => {
          if (op === "connect") return pool.connect(extra.count, extra.concurrency, extra.timeoutMs);
          if (op === "startWindow") return pool.startWindow();
          if (op === "endWindow") return pool.endWindow();
          if (op === "close") return pool.close(extra.timeoutMs);
        },
        stop: async () => {},
      });
    } else {
      const worker = new Worker(new URL("./arena-worker.ts", import.meta.url), { workerData: options(i) });
      const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
      let nextId = 0;
      worker.on("message", (m: { id: number; result?: unknown; error?: string }) => {
        const p = pending.get(m.id);
        pending.delete(m.id);
        if (m.error) p?.reject(new Error(m.error));
        else p?.resolve(m.result);
      });
      worker.on("error", (e) => {
        for (const p of pending.values()) p.reject(e);
        pending.clear();
      });
      members.push({
        size: 0,
        call: (op, extra = {}) =>
          new Promise((resolve, reject) => {
            const id = nextId++;
            pending.set(id, { resolve, reject });
            worker.postMessage({ id, op, ...extra });
          }),
        stop: () => worker.terminate(),
      });
    }
  }
  return {
    size: () => members.reduce((n, m) => n + m.size, 0),
    connect: async (count) => {
      const share = members.map((_, i) => Math.floor(count / threads) + (i < count % threads ? 1 : 0));
      const results = await Promise.all(
        members.map(async (m, i) => {
          const r = await m.call("connect", { count: share[i], concurrency: Math.ceil(CONNECT_CONCURRENCY / threads), timeoutMs: CONNECT_BUDGET_MS });
          m.size += share[i]! - r.failed;
          return r as { failed: number; error?: string };
        }),
      );
      return { failed: results.reduce((n, r) => n + r.failed, 0), error: results.find((r) => r.error)?.error };
    },
    startWindow: async () => void (await Promise.all(members.map((m) => m.call("startWindow")))),
    endWindow: async () => mergeWindows(await Promise.all(members.map((m) => m.call("endWindow")))),
    close: async () => {
      await Promise.allSettled(members.map((m) => m.call("close", { timeoutMs: 5000 })));
      await Promise.allSettled(members.map((m) => m.stop()));
    },
  };
}

function mergeWindows(windows: WindowStats[]): WindowStats {
  const latency = new LatencyHistogram();
  for (const w of windows) latency.merge(LatencyHistogram.fromJSON(w.latency));
  const total = (f: (w: WindowStats) => number) => windows.reduce((n, w) => n + f(w), 0);
  const sanity = { checked: total((w) => w.sanity.checked), failed: total((w) => w.sanity.failed), firstFailure: windows.find((w) => w.sanity.firstFailure)?.sanity.firstFailure };
  return {
    clients: total((w) => w.clients),
    fullClients: total((w) => w.fullClients),
    ms: Math.max(...windows.map((w) => w.ms)),
    bytes: total((w) => w.bytes),
    frames: total((w) => w.frames),
    patches: total((w) => w.patches),
    minPatches: Math.min(...windows.map((w) => w.minPatches)),
    p5Patches: Math.min(...windows.map((w) => w.p5Patches)),
    inputsSent: total((w) => w.inputsSent),
    inputSlotsDue: total((w) => w.inputSlotsDue),
    inputSlotsMissed: total((w) => w.inputSlotsMissed),
    dropped: total((w) => w.dropped),
    latency: latency.toJSON(),
    sanity,
    // CPU of the whole process (all threads): process.cpuUsage is per process.
    cpuSeconds: windows[0]!.cpuSeconds,
    eventLoopUtilization: Math.max(...windows.map((w) => w.eventLoopUtilization)),
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
