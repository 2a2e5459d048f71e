import type { ErrorRequestHandler, Request, Response, NextFunction } from "express";

/** Every HTTP error leaves as `{"error":{"code","message"}}` (PROTOCOL §2). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

/** Last route under `/api`: anything unmatched there is a 404 in the JSON shape. */
export function notFound(req: Request, res: Response): void {
  sendError(res, 404, "not_found", `no route ${req.method} ${req.path}`);
}

/**
 * Turns body-parser failures and thrown HttpErrors into the JSON shape.
 * Only errors we did not anticipate become a 500, and those say nothing internal.
 */
export const errorHandler: ErrorRequestHandler = (err, _req, res, next: NextFunction) => {
  if (res.headersSent) return next(err);
  if (err instanceof HttpError) return sendError(res, err.status, err.code, err.message);
  const bodyParserType: unknown = err?.type;
  if (bodyParserType === "entity.parse.failed") {
    return sendError(res, 400, "malformed_json", "the request body is not valid JSON");
  }
  if (bodyParserType === "entity.too.large") {
    return sendError(res, 413, "payload_too_large", "the request body is too large");
  }
  const status = Number(err?.status ?? err?.statusCode);
  if (status >= 400 && status < 500) {
    return sendError(res, status, "bad_request", String(err?.message ?? "bad request"));
  }
  sendError(res, 500, "internal_error", "something went wrong on our side");
};
