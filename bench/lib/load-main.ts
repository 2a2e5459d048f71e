/**
 * Entry of a load-generator process, spawned by processes.ts (`runLoad`).
 * It waits for one job — a module and the name of a function it exports —
 * runs `fn(args, report)` and sends back what the function returned, then
 * exits. A scenario keeps its client-side code in bench/load/<scenario>.ts
 * and names it in the job.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { REPO_ROOT } from "./processes.ts";
import { guardChild, tellParent } from "./child.ts";

export type LoadFunction<A = any, R = unknown> = (args: A, report: (event: { name: string; [key: string]: unknown }) => void) => Promise<R>;

guardChild();

process.once("message", async (job: { type: string; module: string; export: string; args: unknown }) => {
  try {
    const loaded = await import(pathToFileURL(path.resolve(REPO_ROOT, job.module)).href);
    const fn = loaded[job.export] as LoadFunction | undefined;
    if (typeof fn !== "function") throw new Error(`${job.module} exports no function "${job.export}"`);
    const result = await fn(job.args, (event) => void tellParent({ type: "event", event }));
    await tellParent({ type: "result", result });
  } catch (error) {
    await tellParent({ type: "failed", error: (error as Error).stack ?? String(error) });
  }
  process.exit(0);
});
