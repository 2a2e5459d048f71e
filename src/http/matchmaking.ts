import { Router, type ErrorRequestHandler, type NextFunction, type Request, type Response } from "express";
import { z } from "zod";
import { HttpError } from "./errors.ts";
import { MatchmakingError, type Matchmaking, type MatchmakingFailure } from "../matchmaking/index.ts";
import { CREATE_OPTIONS } from "../sim/index.ts";
import { NAME_MAX, NAME_MIN } from "../rooms/joinOptions.ts";
import { countMatchmaking } from "../observability/metrics.ts";
import { logger } from "../observability/logger.ts";
import type { ServerStatus } from "../serverStatus.ts";

const name = z.string().min(NAME_MIN).max(NAME_MAX);
const mode = z.literal("ffa").default("ffa");
const { maxPlayers } = CREATE_OPTIONS;

const roomsQuery = z.object({ name: z.string().min(1).max(64).optional() });
const quickPlayBody = z.object({ name: name.optional(), mode });
const privateBody = z.object({
  mode,
  maxPlayers: z.number().int().min(maxPlayers.min).max(maxPlayers.max).default(maxPlayers.default),
  name: name.optional(),
});
const joinBody = z.object({ name: name.optional() });

const STATUS_OF: Record<MatchmakingFailure, number> = { unknown_code: 404, room_full: 409, unavailable: 503 };

/**
 * The matchmaking API (PROTOCOL §2): room listing, quick play and private rooms. Bodies are
 * validated with zod and every failure leaves in the JSON error shape; a draining (or not yet ready,
 * or degraded) server refuses new matchmaking with 503 and keeps answering the listing.
 */
export function matchmakingRoutes({ status, matchmaking }: { status: ServerStatus; matchmaking: Matchmaking }): Router {
  const router = Router();
  const counted = (route: string) => (_req: Request, res: Response, next: NextFunction) => {
    res.locals.route = route;
    next();
  };
  const acceptingPlayers = (_req: Request, _res: Response, next: NextFunction) => {
    if (status.acceptsPlayers) return next();
    next(new HttpError(503, status.readiness, status.reason || "the server is not accepting players"));
  };

  router.get("/api/rooms", async (req, res) => {
    const { name: roomName } = parse(roomsQuery, req.query, "query parameter");
    res.json(await matchmaking.listRooms(roomName));
  });

  router.post("/api/quickplay", counted("quickplay"), acceptingPlayers, async (req, res) => {
    res.json(await matchmaking.quickPlay(parse(quickPlayBody, req.body)));
    countMatchmaking("quickplay", "ok");
  });

  router.post("/api/private", counted("private_create"), acceptingPlayers, async (req, res) => {
    res.status(201).json(await matchmaking.createPrivate(parse(privateBody, req.body)));
    countMatchmaking("private_create", "ok");
  });

  router.post("/api/private/:code/join", counted("private_join"), acceptingPlayers, async (req, res) => {
    res.json(await matchmaking.joinPrivate(String(req.params.code), parse(joinBody, req.body)));
    countMatchmaking("private_join", "ok");
  });

  router.use(matchmakingErrors);
  return router;
}

/** Counts and logs a failed request and turns a matchmaking failure into its HTTP status. */
const matchmakingErrors: ErrorRequestHandler = (err, _req, res, next) => {
  const failure = err instanceof MatchmakingError ? new HttpError(STATUS_OF[err.code], err.code, err.message) : err;
  const route = typeof res.locals.route === "string" ? res.locals.route : "rooms";
  const result = failure instanceof HttpError ? failure.code : "error";
  if (typeof res.locals.route === "string") countMatchmaking(route, result);
  // A caller's mistake is routine (debug); anything else is the server's own trouble.
  if (failure instanceof HttpError && failure.status < 500) logger.debug({ route, result }, "matchmaking refused");
  else logger.warn({ route, result, err: failure }, "matchmaking error");
  next(failure);
};

/** A request body (absent counts as `{}`) or query, parsed; a bad field is a 400 naming it. */
function parse<S extends z.ZodType>(schema: S, input: unknown, what = "field"): z.infer<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue.path.length === 0) throw new HttpError(400, "invalid_body", "the request body must be a JSON object");
  throw new HttpError(400, "invalid_field", `invalid ${what} ${issue.path.join(".")}: ${issue.message}`);
}
