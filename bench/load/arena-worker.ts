/**
 * A worker thread of the arena load generator (bench/load/arena.ts): one ArenaClientPool driven by
 * messages from the main thread. Each request is `{id, op, ...}`, each answer `{id, result | error}`.
 */
import { parentPort, workerData } from "node:worker_threads";
import { ArenaClientPool, type PoolOptions } from "./arena-pool.ts";

const pool = new ArenaClientPool(workerData as PoolOptions);
parentPort!.on("message", async (message: { id: number; op: string; count?: number; concurrency?: number; timeoutMs?: number }) => {
  try {
    let result: unknown;
    if (message.op === "connect") result = await pool.connect(message.count!, message.concurrency!, message.timeoutMs!);
    else if (message.op === "startWindow") result = pool.startWindow();
    else if (message.op === "endWindow") result = pool.endWindow();
    else if (message.op === "close") result = await pool.close(message.timeoutMs!);
    parentPort!.postMessage({ id: message.id, result });
  } catch (error) {
    parentPort!.postMessage({ id: message.id, error: (error as Error).stack ?? String(error) });
  }
});
