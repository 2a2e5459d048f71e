import { readFileSync } from "node:fs";
import { Router } from "express";
import { matchMaker } from "colyseus";
import type { ServerStatus } from "../serverStatus.ts";

const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));

/** `/health` (liveness) and `/ready` (should this process get new players). */
export function healthRoutes(status: ServerStatus): Router {
  const router = Router();

  router.get("/health", (_req, res) => {
    res.json({
      status: "ok",
      uptimeSeconds: Math.floor((Date.now() - status.startedAt) / 1000),
      version,
    });
  });

  router.get("/ready", (_req, res) => {
    if (!status.acceptsPlayers) {
      res.status(503).json({ status: status.readiness, reason: status.reason });
      return;
    }
    const { roomCount, ccu } = matchMaker.stats.local;
    res.json({ status: "ready", rooms: roomCount, clients: ccu });
  });

  return router;
}
