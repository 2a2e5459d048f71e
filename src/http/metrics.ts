import { Router } from "express";
import { registry } from "../observability/metrics.ts";

/** `GET /metrics`: Prometheus text exposition of this process. */
export function metricsRoutes(): Router {
  const router = Router();
  router.get("/metrics", async (_req, res, next) => {
    try {
      const body = await registry.metrics();
      res.type(registry.contentType).send(body);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
