import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { freePort } from "./ports.ts";

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  /** Everything the process group wrote to stdout and stderr so far. */
  output(): string;
  /** Sends a signal to the whole process group (npm and the server under it). */
  signal(signal: NodeJS.Signals): void;
  /** Resolves with npm's exit code and signal once it has ended. */
  exited: Promise<[number | null, NodeJS.Signals | null]>;
  /** Ends the group if still running; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Runs the real `npm start` as a child in its own process group, on a free
 * port, and resolves once it prints its listening line.
 */
export async function startServerProcess(env: Record<string, string> = {}, ms = 30_000): Promise<ServerProcess> {
  const port = env.PORT !== undefined ? Number(env.PORT) : await freePort();
  const child = spawn("npm", ["start", "--silent"], {
    cwd: new URL("../..", import.meta.url),
    env: { ...process.env, HOST: "127.0.0.1", ...env, PORT: String(port) },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  const proc: ServerProcess = {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    signal: (signal) => {
      if (groupAlive(child.pid!)) process.kill(-child.pid!, signal);
    },
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        proc.signal("SIGKILL");
        await exited;
      }
    },
  };

  const listening = `arena listening on http://127.0.0.1:${port}`;
  const started = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    const check = () => {
      if (output.includes(listening)) done(true);
    };
    const done = (ok: boolean) => {
      clearTimeout(timer);
      child.stdout!.off("data", check);
      resolve(ok);
    };
    child.stdout!.on("data", check);
    exited.then(() => done(false));
  });
  if (!started) {
    await proc.stop();
    throw new Error(`server did not start:\n${output}`);
  }
  return proc;
}

/** True while any process of the group led by `pid` is alive. */
export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}
