import express, { type Application } from "express";
import { clientBundle } from "./clientBundle.ts";
import { errorHandler, notFound } from "./errors.ts";
import { healthRoutes } from "./health.ts";
import { MAX_HTTP_BODY } from "../rooms/rules.ts";
import type { ServerStatus } from "../serverStatus.ts";
import type { Settings } from "../config.ts";
import { metricsRoutes } from "./metrics.ts";
import { mountMonitor } from "./monitor.ts";
import { matchmakingRoutes } from "./matchmaking.ts";
import type { Matchmaking } from "../matchmaking/index.ts";

export interface HttpContext {
  status: ServerStatus;
  settings: Settings;
  matchmaking: Matchmaking;
}

/**
 * Mounts Arena's HTTP surface on the transport's express app. Colyseus's own
 * `/matchmake/...` route is served by its router before express sees the request.
 */
export function mountHttp(app: Application, { status, settings, matchmaking }: HttpContext): void {
  app.disable("x-powered-by");
  app.use(express.json({ limit: MAX_HTTP_BODY }));
  app.use(healthRoutes(status));
  app.use(metricsRoutes());
  if (settings.MONITOR_PASSWORD !== undefined) mountMonitor(app, settings.MONITOR_PASSWORD);
  app.use(matchmakingRoutes({ status, matchmaking }));
  // The browser client at `/` (PROTOCOL §5); API routes above take precedence over its files.
  app.use(clientBundle());
  app.use(notFound);
  app.use(errorHandler);
}
