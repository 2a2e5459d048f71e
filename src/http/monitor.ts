import { timingSafeEqual } from "node:crypto";
import type { Application, RequestHandler } from "express";
import { monitor } from "@colyseus/monitor";
import { sendError } from "./errors.ts";

export const MONITOR_USER = "admin";

/**
 * Mounts @colyseus/monitor at /monitor behind basic auth (user `admin`). Called only when
 * MONITOR_PASSWORD is set; otherwise /monitor does not exist.
 */
export function mountMonitor(app: Application, password: string): void {
  app.use("/monitor", basicAuth(MONITOR_USER, password), monitor() as unknown as RequestHandler);
}

/** Ten lines of basic auth rather than a dependency; compared in constant time. */
function basicAuth(user: string, password: string): RequestHandler {
  const expected = Buffer.from(`${user}:${password}`);
  return (req, res, next) => {
    const header = req.headers.authorization ?? "";
    const given = header.startsWith("Basic ") ? Buffer.from(header.slice(6), "base64") : Buffer.alloc(0);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return next();
    res.setHeader("WWW-Authenticate", 'Basic realm="arena monitor"');
    sendError(res, 401, "unauthorized", "the monitor needs the admin password");
  };
}
