import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { Redis } from "ioredis";
import { freePort } from "./ports.ts";

/**
 * A Redis URL for one test run: REDIS_URL's server (default 127.0.0.1:6379) with a database index
 * of its own, so runs cannot see each other's keys. `flush()` empties that database.
 */
export function isolatedRedisUrl(): { url: string; flush(): Promise<void> } {
  const base = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  base.pathname = `/${1 + Math.floor(Math.random() * 15)}`;
  const url = base.toString();
  return {
    url,
    async flush() {
      const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
      try {
        await redis.connect();
        await redis.flushdb();
      } finally {
        redis.disconnect();
      }
    },
  };
}

/** A private redis-server on a free port, for tests that take Redis away and bring it back. */
export async function startRedisServer(port?: number): Promise<{ port: number; url: string; stop(): Promise<void> }> {
  const chosen = port ?? (await freePort());
  const child: ChildProcess = spawn("redis-server", ["--port", String(chosen), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000);
    child.stdout!.on("data", (chunk) => {
      output += chunk;
      if (output.includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", () => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited:\n${output}`));
    });
  });
  return {
    port: chosen,
    url: `redis://127.0.0.1:${chosen}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGKILL");
      await once(child, "exit");
    },
  };
}
