import { ServerError } from "colyseus";
import { z } from "zod";
import { CREATE_OPTIONS, DEFAULT_PATCH_HZ, PATCH_HZ_CHOICES } from "../../sim/index.ts";
import { NAME_MAX, NAME_MIN, parseOptions } from "../joinOptions.ts";
import { PRIVATE_CODE_PATTERN } from "../../matchmaking/privateCodes.ts";

const range = ({ min, max, default: fallback }: { min: number; max: number; default: number }) =>
  z.number().int().min(min).max(max).default(fallback);

/** What `create`/`joinOrCreate` may ask of a new arena room (PROTOCOL §3 `arena`). */
export const arenaCreateOptions = z.object({
  mode: z.literal("ffa").default("ffa"),
  maxPlayers: range(CREATE_OPTIONS.maxPlayers),
  bots: range(CREATE_OPTIONS.bots),
  matchSeconds: range(CREATE_OPTIONS.matchSeconds),
  scoreLimit: range(CREATE_OPTIONS.scoreLimit),
  private: z.boolean().default(false),
  /** Set by the private-room API, never by players: the code that joins this room. */
  code: z.string().regex(PRIVATE_CODE_PATTERN).optional(),
  /** Seeds the match's randomness (spawns, bots) so a match can be replayed exactly. */
  seed: z.number().int().min(0).max(0xffffffff).optional(),
  /**
   * Set by the server's room definition (ARENA_PATCH_HZ), never by players: Colyseus lays the
   * definition's options over the client's, so whatever a client sends here is replaced.
   */
  patchHz: z.literal(PATCH_HZ_CHOICES).default(DEFAULT_PATCH_HZ),
});

/** What each joining client may ask for. */
export const arenaJoinOptions = z.object({
  name: z.string().min(NAME_MIN).max(NAME_MAX).optional(),
  spectator: z.boolean().default(false),
});

/**
 * Validates create options. They arrive in the HTTP matchmaking request, whose response status is the
 * error's code: the join-time 4400 there would become a bare 500, so a bad create option is a 400
 * (its message still names the option).
 */
export function parseCreateOptions(options: unknown): ArenaCreateOptions {
  try {
    return parseOptions(arenaCreateOptions, options);
  } catch (err) {
    if (err instanceof ServerError) throw new ServerError(400, err.message);
    throw err;
  }
}

export type ArenaCreateOptions = z.infer<typeof arenaCreateOptions>;
export type ArenaJoinOptions = z.infer<typeof arenaJoinOptions>;
