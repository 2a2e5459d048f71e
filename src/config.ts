import { z } from "zod";
import { DEFAULT_PATCH_HZ, PATCH_HZ_CHOICES } from "./sim/rules.ts";

/** Environment → typed settings, validated once at start (PROTOCOL §1). */
export type Settings = z.infer<typeof settingsSchema>;

const port = z.coerce.number().int().min(0).max(65535);
const positiveMs = z.coerce.number().int().min(1);

const settingsSchema = z.object({
  PORT: port.default(2567),
  HOST: z.string().min(1).default("0.0.0.0"),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  PUBLIC_ADDRESS: z.string().min(1).optional(),
  MONITOR_PASSWORD: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  LOG_FORMAT: z.enum(["json", "pretty"]).default("json"),
  SHUTDOWN_TIMEOUT_MS: positiveMs.default(10_000),
  ARENA_MATCH_SIZE: z.coerce.number().int().min(2).max(64).default(4),
  ARENA_QUEUE_MAX_WAIT_MS: positiveMs.default(30_000),
  ARENA_PATCH_HZ: z.coerce
    .number()
    .pipe(z.literal(PATCH_HZ_CHOICES, { error: `must be one of ${PATCH_HZ_CHOICES.join(", ")}` }))
    .default(DEFAULT_PATCH_HZ),
});

export class ConfigError extends Error {}

/**
 * Reads the settings from an environment. Empty strings count as unset, so
 * `PORT= npm start` behaves like no PORT at all. Throws a ConfigError whose
 * message is one line naming the offending variable.
 */
export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(settingsSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== "") raw[key] = value;
  }
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0]);
    throw new ConfigError(`invalid ${name}=${JSON.stringify(raw[name] ?? "")}: ${issue.message}`);
  }
  return parsed.data;
}
