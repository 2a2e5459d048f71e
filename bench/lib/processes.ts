import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { pinnedCores, processCpuSeconds } from "./machine.ts";
import type { ProbeStats } from "./roomProbe.ts";

/**
 * The bench's child processes: the server under test and the load generator
 * each run in their own Node process, pinned to their own core when the
 * machine allows, so neither steals CPU from the other. Every child is
 * tracked here and killed when the bench ends, however it ends; each child
 * also exits by itself when its parent goes away or its lifetime runs out
 * (see child.ts).
 */

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const BENCH_HOST = "127.0.0.1";

export interface ServerHandle {
  /** Name in bench/lib/targets.ts. */
  target: string;
  pid: number;
  port: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** CPU seconds the server has used so far; null where it cannot be read. */
  cpuSeconds(): number | null;
  /** Output the server printed (last few KB), for error reports. */
  tail(): string;
  /** The server's own figures (roomProbe.ts) since the last reset; `reset` starts a new window. */
  stats(reset: boolean): Promise<ProbeStats>;
  stop(): Promise<void>;
}

export interface StartServerOptions {
  /** Write a V8 CPU profile of the server here when it stops (node --cpu-prof). */
  profileDir?: string;
  env?: Record<string, string>;
  /** The server exits by itself after this long, whatever happens to the bench. */
  maxLifetimeMs?: number;
  startTimeoutMs?: number;
}

let statsRequests = 0;

/**
 * Every bench server, the product's and the naive room's alike, runs with the V8 flags of `npm start`
 * (the README's scaling section says why), read from package.json so the two cannot drift apart.
 */
const SERVER_NODE_FLAGS = startScriptFlags();

function startScriptFlags(): string[] {
  const start: string = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")).scripts.start;
  const words = start.split(/\s+/);
  return words.slice(1, words.indexOf("--import")).filter((word) => word.startsWith("--"));
}

/** Starts a target server on 127.0.0.1 and a port the OS picks (never a fixed one). */
export async function startServer(target: string, options: StartServerOptions = {}): Promise<ServerHandle> {
  const profile = options.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.profileDir}`, `--cpu-prof-name=${target}-${Date.now()}.cpuprofile`] : [];
  const nodeArgs = [...SERVER_NODE_FLAGS, ...profile];
  const child = spawnChild({
    label: `server ${target}`,
    entry: "bench/lib/server-main.ts",
    args: [target],
    core: pinnedCores()?.server ?? null,
    nodeArgs,
    env: options.env,
    maxLifetimeMs: options.maxLifetimeMs ?? 20 * 60_000,
  });
  try {
    const ready = await child.next((m): m is { type: "listening"; port: number } => m.type === "listening", options.startTimeoutMs ?? 30_000, "listening");
    return {
      target,
      pid: child.pid,
      port: ready.port,
      url: `http://${BENCH_HOST}:${ready.port}`,
      cpuSeconds: () => processCpuSeconds(child.pid),
      tail: () => child.tail(),
      stats: async (reset) => {
        const id = ++statsRequests;
        const reply = child.next((m): m is { type: "stats"; id: number; stats: ProbeStats } => m.type === "stats" && m.id === id, 10_000, "stats");
        child.send({ type: "stats", id, reset });
        return (await reply).stats;
      },
      stop: () => child.stop(),
    };
  } catch (error) {
    await child.stop();
    throw error;
  }
}

export interface LoadJob {
  /** Module (path from the repo root) whose export runs inside the load generator. */
  module: string;
  export: string;
  args: unknown;
}

export interface RunLoadOptions {
  /** The whole job, start to result; the load generator is killed past it. */
  timeoutMs: number;
  /** Progress events the job reports (`report(event)` inside the load generator). */
  onEvent?: (event: { name: string; [key: string]: unknown }) => void;
}

/**
 * Runs `job` in a fresh load-generator process and resolves with what the
 * job's function returned. The process is gone when this settles.
 */
export async function runLoad<R>(job: LoadJob, options: RunLoadOptions): Promise<R> {
  const child = spawnChild({
    label: `load ${job.export}`,
    entry: "bench/lib/load-main.ts",
    core: pinnedCores()?.load ?? null,
    maxLifetimeMs: options.timeoutMs + 10_000,
  });
  const stopEvents = child.onMessage((message) => {
    if (message.type === "event") options.onEvent?.(message.event as { name: string });
  });
  try {
    child.send({ type: "run", module: job.module, export: job.export, args: job.args });
    const done = await child.next(
      (m): m is { type: "result"; result: R } | { type: "failed"; error: string } => m.type === "result" || m.type === "failed",
      options.timeoutMs,
      `result of ${job.export}`,
    );
    if (done.type === "failed") throw new Error(`load generator: ${done.error}`);
    return done.result;
  } finally {
    stopEvents();
    await child.stop();
  }
}

/** Stops every child still running (SIGTERM, then SIGKILL after a grace period). */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...live].map((child) => child.stop()));
}

/** For exit paths that cannot wait: SIGKILL every child still running. */
export function killAllChildrenNow(): void {
  for (const child of live) child.kill();
}

/** How many children are running now (the smoke test checks it returns to 0). */
export function liveChildren(): number {
  return live.size;
}

interface ChildMessage {
  type: string;
  [key: string]: unknown;
}

interface SpawnOptions {
  label: string;
  /** TypeScript entry, relative to the repo root. */
  entry: string;
  args?: string[];
  core: number | null;
  nodeArgs?: string[];
  env?: Record<string, string>;
  maxLifetimeMs: number;
}

const live = new Set<BenchChild>();
const OUTPUT_TAIL_BYTES = 16 * 1024;
const STOP_GRACE_MS = 5000;

function spawnChild(options: SpawnOptions): BenchChild {
  if (!exitHookInstalled) {
    process.once("exit", killAllChildrenNow);
    exitHookInstalled = true;
  }
  const child = new BenchChild(options);
  live.add(child);
  child.exited.then(() => live.delete(child));
  return child;
}
let exitHookInstalled = false;

class BenchChild {
  readonly pid: number;
  readonly exited: Promise<void>;
  private readonly process: ChildProcess;
  private readonly listeners = new Set<(message: ChildMessage) => void>();
  private output = "";
  private exitReason = "";
  private running = true;

  constructor(private readonly options: SpawnOptions) {
    const node = [process.execPath, ...(options.nodeArgs ?? []), "--import", "tsx", options.entry, ...(options.args ?? [])];
    const command = options.core === null ? node : ["taskset", "-c", String(options.core), ...node];
    this.process = spawn(command[0], command.slice(1), {
      cwd: REPO_ROOT,
      env: { ...childEnv(), ...options.env, BENCH_CHILD_MAX_MS: String(options.maxLifetimeMs) },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    this.pid = this.process.pid ?? -1;
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString("utf8")).slice(-OUTPUT_TAIL_BYTES);
    };
    this.process.stdout?.on("data", keep);
    this.process.stderr?.on("data", keep);
    this.process.on("message", (message: ChildMessage) => {
      for (const listener of this.listeners) listener(message);
    });
    this.exited = new Promise((resolve) => {
      this.process.once("error", (error) => {
        this.exitReason = `could not start: ${error.message}`;
        this.running = false;
        resolve();
      });
      this.process.once("exit", (code, signal) => {
        this.exitReason = signal ? `killed by ${signal}` : `exited with code ${code}`;
        this.running = false;
        resolve();
      });
    });
  }

  send(message: ChildMessage): void {
    this.process.send(message);
  }

  onMessage(listener: (message: ChildMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The next message that satisfies `accept`; rejects if the child exits or `timeoutMs` passes first. */
  next<T extends ChildMessage>(accept: (message: ChildMessage) => message is T, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        stop();
        settle();
      };
      const stop = this.onMessage((message) => {
        if (accept(message)) finish(() => resolve(message));
      });
      const timer = setTimeout(() => finish(() => reject(this.failure(`no ${what} within ${timeoutMs} ms`))), timeoutMs);
      this.exited.then(() => finish(() => reject(this.failure(`${this.exitReason} before ${what}`))));
    });
  }

  tail(): string {
    return this.output;
  }

  /** SIGTERM (the child closes its server and exits, writing a CPU profile if asked), SIGKILL after a grace period. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.process.kill("SIGTERM");
    const grace = new Promise<void>((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref());
    await Promise.race([this.exited, grace]);
    if (this.running) {
      this.kill();
      await this.exited;
    }
  }

  kill(): void {
    if (this.running) this.process.kill("SIGKILL");
  }

  private failure(message: string): Error {
    const tail = this.output.trim().split("\n").slice(-15).join("\n");
    return new Error(`${this.options.label} (pid ${this.pid}): ${message}${tail ? `\n--- its last output ---\n${tail}` : ""}`);
  }
}

/**
 * The bench's own environment minus what would point a child somewhere else:
 * the server under test is always a single process on 127.0.0.1.
 */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ["PORT", "HOST", "PUBLIC_ADDRESS", "REDIS_URL", "NODE_OPTIONS", "NODE_TEST_CONTEXT"]) delete env[key];
  return env;
}
