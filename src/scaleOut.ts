import { Redis } from "ioredis";
import { RedisDriver } from "@colyseus/redis-driver";
import { RedisPresence } from "@colyseus/redis-presence";
import type { Settings } from "./config.ts";
import { logger } from "./observability/logger.ts";
import type { ServerStatus } from "./serverStatus.ts";

/**
 * With REDIS_URL set, processes share presence (pub/sub, seat reservations across processes) and the
 * room listing through Redis, and form one cluster; without it, everything stays in memory. While
 * Redis is unreachable, `/ready` answers 503 `degraded`, and turns ready again when it is back
 * (ioredis keeps reconnecting by itself).
 */
export function scaleOut(settings: Settings, status: ServerStatus) {
  if (settings.REDIS_URL === undefined) return {};
  const redis = new Redis(settings.REDIS_URL, {
    // Fail commands fast while Redis is away instead of queueing them without bound.
    maxRetriesPerRequest: 2,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  status.dependencyDown("redis", "connecting to redis");
  redis.on("ready", () => {
    status.dependencyUp("redis");
    logger.info("redis connected");
  });
  const lost = (why: string) => {
    if (status.readiness !== "degraded") logger.warn({ why }, "redis unreachable");
    status.dependencyDown("redis", `redis unreachable: ${why}`);
  };
  redis.on("error", (error: Error) => lost(error.message));
  redis.on("close", () => lost("connection closed"));
  return { presence: new RedisPresence(redis), driver: new RedisDriver(redis) };
}
