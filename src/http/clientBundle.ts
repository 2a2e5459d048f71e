import express, { type RequestHandler } from "express";
import { CLIENT_DIST, buildClient, staleReason } from "../../client/build.ts";
import { logger } from "../observability/logger.ts";

/**
 * Serves the browser client (client/dist) at `/`. `npm install` builds it (the `prepare` script);
 * should it be missing or older than its sources when the server starts — a fresh checkout started
 * without install scripts, or client code edited since — it is built here, once, before the first
 * request. A build failure is logged and the server still runs: the API and rooms do not need the page.
 */
export function clientBundle(dist: string = CLIENT_DIST): RequestHandler {
  ensureBuilt(dist);
  return express.static(dist, { index: "index.html", fallthrough: true });
}

function ensureBuilt(dist: string): void {
  const reason = staleReason(dist);
  if (reason === null) return;
  const started = performance.now();
  try {
    const { inputs } = buildClient(dist);
    logger.info({ reason, inputs: inputs.length, ms: Math.round(performance.now() - started) }, "browser client built");
  } catch (err) {
    logger.error({ err, reason }, "browser client could not be built; / will answer 404 until `npm run build:client` succeeds");
  }
}
