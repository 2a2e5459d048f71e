/**
 * Entry of a bench server process: `node --import tsx bench/lib/server-main.ts <target>`,
 * spawned by processes.ts. Starts the named target on 127.0.0.1 and a free
 * port, tells the parent the port, and closes it on SIGTERM. While it runs it
 * answers `{type: "stats", reset}` with its rooms' figures (roomProbe.ts).
 */
import { BENCH_HOST } from "./processes.ts";
import { guardChild, tellParent } from "./child.ts";
import { installRoomProbe, probeStats } from "./roomProbe.ts";
import { targets, type RunningTarget } from "./targets.ts";

let running: RunningTarget | undefined;
guardChild(() => running?.close());

const name = process.argv[2];
const target = targets[name];
if (!target) {
  process.stderr.write(`unknown bench target "${name}"; known: ${Object.keys(targets).join(", ")}\n`);
  process.exit(2);
}
installRoomProbe();
process.on("message", (message: { type?: string; id?: number; reset?: boolean }) => {
  if (message?.type === "stats") void tellParent({ type: "stats", id: message.id, stats: probeStats(message.reset === true) });
});
running = await target.start(BENCH_HOST);
await tellParent({ type: "listening", port: running.port });
