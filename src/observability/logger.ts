import { pino, type Logger } from "pino";

/**
 * One JSON line per event on stdout. The level comes from LOG_LEVEL at start
 * (set through `configureLogger`); rooms and routes log through child loggers
 * carrying `roomId` / `sessionId`.
 */
export const logger: Logger = pino({
  level: process.env.LOG_LEVEL && /^(debug|info|warn|error)$/.test(process.env.LOG_LEVEL) ? process.env.LOG_LEVEL : "info",
  base: { pid: process.pid },
  timestamp: pino.stdTimeFunctions.isoTime,
});

export function configureLogger(level: string): void {
  logger.level = level;
}
