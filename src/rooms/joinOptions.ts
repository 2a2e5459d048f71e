import { ServerError } from "colyseus";
import type { z } from "zod";

/** Close/error code the SDK sees when a join is refused for bad options. */
export const INVALID_OPTIONS = 4400;

/** A player's display name, as every room accepts it. */
export const NAME_MIN = 1;
export const NAME_MAX = 24;

/**
 * Validates join/create options; a bad option refuses the join with a message
 * naming the field, instead of a hook throwing somewhere deeper.
 */
export function parseOptions<S extends z.ZodType>(schema: S, options: unknown): z.infer<S> {
  const parsed = schema.safeParse(options ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue.path.length ? issue.path.join(".") : "options";
  throw new ServerError(INVALID_OPTIONS, `invalid option ${field}: ${issue.message}`);
}
