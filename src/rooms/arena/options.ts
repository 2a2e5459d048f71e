import { z } from "zod";
import { CREATE_OPTIONS } from "../../sim/index.ts";
import { NAME_MAX, NAME_MIN } from "../joinOptions.ts";

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
  code: z.string().regex(/^[A-Z2-9]{6}$/).optional(),
  /** Seeds the match's randomness (spawns, bots) so a match can be replayed exactly. */
  seed: z.number().int().min(0).max(0xffffffff).optional(),
});

/** What each joining client may ask for. */
export const arenaJoinOptions = z.object({
  name: z.string().min(NAME_MIN).max(NAME_MAX).optional(),
  spectator: z.boolean().default(false),
});

export type ArenaCreateOptions = z.infer<typeof arenaCreateOptions>;
export type ArenaJoinOptions = z.infer<typeof arenaJoinOptions>;
