import type { AddressInfo } from "node:net";
import { ColyseusTestServer } from "@colyseus/testing";
import { createArenaServer } from "../../arena.config.ts";
import { readSettings } from "../../src/config.ts";
import type { ServerStatus } from "../../src/serverStatus.ts";
import { logger } from "../../src/observability/logger.ts";

// Tests provoke errors on purpose; their logs would bury the runner's report.
logger.level = process.env.TEST_LOG_LEVEL ?? "silent";

export interface TestServer {
  colyseus: ColyseusTestServer;
  status: ServerStatus;
  port: number;
  /** `http://127.0.0.1:port` */
  url: string;
  close(): Promise<void>;
}

/**
 * Boots the real Arena server on 127.0.0.1 and a free port (the testing
 * package's own `boot` always takes port 2568), with settings read from `env`.
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const settings = readSettings({ ...env, HOST: "127.0.0.1", PORT: "0" });
  const { server, status } = createArenaServer(settings);
  await server.listen(0, "127.0.0.1");
  const port = (server.transport.server!.address() as AddressInfo).port;
  // ColyseusTestServer reads the port the server was asked for; give it the real one.
  (server as unknown as { port: number }).port = port;
  status.markListening();
  const colyseus = new ColyseusTestServer(server);
  return {
    colyseus,
    status,
    port,
    url: `http://127.0.0.1:${port}`,
    close: () => colyseus.shutdown(),
  };
}
