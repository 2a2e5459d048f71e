import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";

/** What a figure was measured on; results from different machines are not comparable. */
export interface MachineInfo {
  cpu: string;
  /** Cores this process may run on (what `nproc` prints). */
  cores: number;
  node: string;
  platform: string;
  arch: string;
  memoryGb: number;
  /** Whether server and load generator ran pinned to separate cores. */
  pinned: boolean;
}

export function machineInfo(): MachineInfo {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? "unknown",
    cores: os.availableParallelism(),
    node: process.version,
    platform: os.platform(),
    arch: os.arch(),
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    pinned: canPin(),
  };
}

/**
 * The cores the server and the load generator are pinned to: the first two
 * this process may use (0 and 1 on an ordinary machine). null without
 * `taskset` or with fewer than two cores; the children then float.
 */
export function pinnedCores(): { server: number; load: number } | null {
  if (cores === undefined) {
    const allowed = allowedCores();
    cores = allowed.length >= 2 && hasTaskset() ? { server: allowed[0], load: allowed[1] } : null;
  }
  return cores;
}
let cores: { server: number; load: number } | null | undefined;

export function canPin(): boolean {
  return pinnedCores() !== null;
}

/**
 * CPU time (seconds, user + system) a process has used so far, read from
 * /proc so that a saturated process is measured without asking it anything.
 * null where /proc is not available.
 */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return (utime + stime) / clockTicksPerSecond();
  } catch {
    return null;
  }
}

/**
 * Seconds core `core` has spent running anything (user, nice, system time and
 * time stolen by the hypervisor), from /proc/stat. Minus what our pinned
 * process used there, it tells how much other processes disturbed a
 * measurement. Interrupt time is left out: it is mostly the kernel carrying
 * our own loopback traffic. null where /proc is not available.
 */
export function coreBusySeconds(core: number): number | null {
  try {
    const line = readFileSync("/proc/stat", "utf8")
      .split("\n")
      .find((l) => l.startsWith(`cpu${core} `));
    if (!line) return null;
    const [user, nice, system, , , , , steal] = line.trim().split(/\s+/).slice(1).map(Number);
    return (user + nice + system + (steal || 0)) / clockTicksPerSecond();
  } catch {
    return null;
  }
}

function clockTicksPerSecond(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8", timeout: 2000 }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}
let ticks: number | undefined;

/** Cpus_allowed_list of /proc/self/status ("0-3,6"), expanded. */
function allowedCores(): number[] {
  try {
    const status = readFileSync("/proc/self/status", "utf8");
    const list = /^Cpus_allowed_list:\s*(.+)$/m.exec(status)?.[1] ?? "";
    return list.split(",").flatMap((range) => {
      const [from, to = from] = range.trim().split("-").map(Number);
      return Number.isInteger(from) && Number.isInteger(to) ? Array.from({ length: to - from + 1 }, (_, i) => from + i) : [];
    });
  } catch {
    return [];
  }
}

function hasTaskset(): boolean {
  try {
    execFileSync("taskset", ["-c", "0", "true"], { stdio: "ignore", timeout: 2000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Waits until the pinned cores have been quiet — each busy less than
 * `threshold` of the time over a `windowMs` — or until `maxWaitMs` has passed.
 * On a shared machine this lets a step start between other people's bursts
 * instead of in the middle of one. Returns how long it waited and whether
 * the cores were quiet.
 */
export async function waitForQuietCores(options: { maxWaitMs: number; windowMs?: number; threshold?: number }): Promise<{ waitedMs: number; quiet: boolean }> {
  const cores = pinnedCores();
  const started = performance.now();
  if (!cores || options.maxWaitMs <= 0) return { waitedMs: 0, quiet: true };
  const windowMs = options.windowMs ?? 500;
  const threshold = options.threshold ?? 0.1;
  const busy = () => [coreBusySeconds(cores.server), coreBusySeconds(cores.load)];
  for (;;) {
    const before = busy();
    if (before.includes(null)) return { waitedMs: 0, quiet: true };
    const at = performance.now();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const after = busy();
    const seconds = (performance.now() - at) / 1000;
    const quiet = after.every((b, i) => b !== null && before[i] !== null && (b - before[i]!) / seconds < threshold);
    const waitedMs = Math.round(performance.now() - started);
    if (quiet || waitedMs >= options.maxWaitMs) return { waitedMs, quiet };
  }
}
