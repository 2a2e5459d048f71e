import { pino, type DestinationStream, type Logger } from "pino";

/**
 * One JSON line per event on stdout, stamped with `roomId` / `sessionId` where they apply (rooms log
 * through child loggers). LOG_LEVEL is applied once settings are read (`configureLogger`);
 * LOG_FORMAT=pretty renders lines for people through pino-pretty when it is installed (a dev
 * dependency), and falls back to JSON where it is not.
 */
export const logger: Logger = pino(
  {
    level: /^(debug|info|warn|error)$/.test(process.env.LOG_LEVEL ?? "") ? process.env.LOG_LEVEL : "info",
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
  },
  prettyDestination(),
);

export function configureLogger(level: string): void {
  logger.level = level;
}

function prettyDestination(): DestinationStream | undefined {
  if (process.env.LOG_FORMAT !== "pretty") return undefined;
  try {
    return pino.transport({ target: "pino-pretty", options: { translateTime: "SYS:HH:MM:ss.l", ignore: "pid" } });
  } catch {
    process.stderr.write("arena: LOG_FORMAT=pretty needs pino-pretty (a dev dependency); logging JSON\n");
    return undefined;
  }
}
