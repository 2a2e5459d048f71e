import type { AddressInfo } from "node:net";

/**
 * The servers a scenario can start, by name. `arena` is the product, built by
 * the same `createArenaServer` that `npm start` uses; the others are the
 * references in bench/reference/ it is compared against. Each is imported
 * only inside the server process that runs it.
 */
export const targets: Record<string, Target> = {
  arena: {
    describe: "Arena (createArenaServer, chat room, @colyseus/sdk clients)",
    start: startArena,
  },
  "raw-ws-echo": {
    describe: "raw ws echo server (bench/reference/raw-ws-echo.ts)",
    start: async (host) => {
      const { startRawWsEcho } = await import("../reference/raw-ws-echo.ts");
      return startRawWsEcho({ host, port: 0 });
    },
  },
};

export interface Target {
  describe: string;
  /** Listens on `host` and a port the OS picks. */
  start(host: string): Promise<RunningTarget>;
}

export interface RunningTarget {
  port: number;
  close(): Promise<void>;
}

async function startArena(host: string): Promise<RunningTarget> {
  const { createArenaServer } = await import("../../arena.config.ts");
  const { readSettings } = await import("../../src/config.ts");
  const { configureLogger } = await import("../../src/observability/logger.ts");
  // Joins and leaves of a thousand clients would otherwise be logged line by line.
  const settings = readSettings({ ...process.env, HOST: host, PORT: "0", LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "warn" });
  configureLogger(settings.LOG_LEVEL);
  const { server, status } = createArenaServer(settings);
  await server.listen(0, host);
  const port = (server.transport.server!.address() as AddressInfo).port;
  status.markListening();
  return {
    port,
    close: async () => {
      status.markDraining();
      await server.gracefullyShutdown(false);
    },
  };
}
