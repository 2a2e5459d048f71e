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
  "naive-arena": {
    describe: "naive Colyseus arena room (bench/reference/naive-arena: number fields, full state to all, input messages)",
    start: async (host) => {
      const { startNaiveArena } = await import("../reference/naive-arena/server.ts");
      return startNaiveArena({ host, port: 0 });
    },
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
  if (process.env.BENCH_ARENA_INTEREST === "off") await interestOff();
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

/**
 * Bench-only switch (BENCH_ARENA_INTEREST=off) for the bandwidth scenario's "without interest"
 * figure: every player gets what a spectator gets — the whole state — and no per-step view refresh.
 * It changes the Interest class inside this server process only; the product has no such option.
 */
async function interestOff(): Promise<void> {
  const { Interest } = await import("../../src/rooms/arena/interest.ts");
  const { OWN_PLAYER } = await import("../../src/schema/ArenaState.ts");
  type Attach = (client: { sessionId: string; view?: { add(entity: object, tag?: number): unknown } }, spectator: boolean) => void;
  const proto = Interest.prototype as unknown as { attach: Attach; refresh(client: unknown): void; refreshAll(clients: unknown): void; state: { players: Map<string, object> } };
  // Every method that narrows a view is replaced; a renamed one would silently leave interest on.
  for (const name of ["attach", "refresh", "refreshAll"] as const) {
    if (typeof proto[name] !== "function") throw new Error(`BENCH_ARENA_INTEREST=off: Interest.${name} is gone; update bench/lib/targets.ts`);
  }
  const attach = proto.attach;
  proto.attach = function (this: typeof proto, client, spectator) {
    attach.call(this, client, true);
    // A player still gets the fields only its owner sees (its input ack).
    const own = this.state.players.get(client.sessionId);
    if (!spectator && own !== undefined) client.view?.add(own, OWN_PLAYER);
  };
  proto.refresh = () => {};
  proto.refreshAll = () => {};
}
