/**
 * Entry of a bench server process: `node --import tsx bench/lib/server-main.ts <target>`,
 * spawned by processes.ts. Starts the named target on 127.0.0.1 and a free
 * port, tells the parent the port, and closes it on SIGTERM.
 */
import { BENCH_HOST } from "./processes.ts";
import { guardChild, tellParent } from "./child.ts";
import { targets, type RunningTarget } from "./targets.ts";

let running: RunningTarget | undefined;
guardChild(() => running?.close());

const name = process.argv[2];
const target = targets[name];
if (!target) {
  process.stderr.write(`unknown bench target "${name}"; known: ${Object.keys(targets).join(", ")}\n`);
  process.exit(2);
}
running = await target.start(BENCH_HOST);
await tellParent({ type: "listening", port: running.port });
