import { createArenaServer } from "../arena.config.ts";
import { ConfigError, readSettings, type Settings } from "./config.ts";
import { configureLogger, logger } from "./observability/logger.ts";

let settings: Settings;
try {
  settings = readSettings();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`arena: ${error.message}\n`);
  process.exit(1);
}
configureLogger(settings.LOG_LEVEL);

const { server, status } = createArenaServer(settings);

let stopping = false;
async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  status.markDraining();
  logger.info({ signal }, "shutting down");
  const deadline = setTimeout(() => {
    logger.error({ timeoutMs: settings.SHUTDOWN_TIMEOUT_MS }, "shutdown timed out; exiting anyway");
    process.exit(1);
  }, settings.SHUTDOWN_TIMEOUT_MS);
  deadline.unref();
  try {
    await server.gracefullyShutdown(false);
    logger.info("stopped");
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, "shutdown failed");
    process.exit(1);
  }
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

try {
  await server.listen(settings.PORT, settings.HOST);
} catch (error) {
  logger.error({ err: error }, "could not start");
  process.stderr.write(`arena: cannot listen on ${settings.HOST}:${settings.PORT}: ${(error as Error).message}\n`);
  process.exit(1);
}
status.markListening();
// A plain line, not JSON: scripts and people wait for exactly this text.
process.stdout.write(`arena listening on http://${settings.HOST}:${settings.PORT}\n`);
