// One fixed step of the arena: the only entry point that moves time. The room calls it STEP_HZ times
// a second with the input it consumed for each player and broadcasts what the returned events report.

import { botInput } from "./bots.ts";
import { advanceProjectiles, respawnDue, tryFire, type KillEvent, type TargetLens } from "./combat.ts";
import { applyInput, sanitizeSeq, type InputFrame } from "./input.ts";
import { updateMatch, type MatchEnd } from "./match.ts";
import { updatePickups } from "./pickups.ts";
import { STEP_HZ } from "./rules.ts";
import type { Phase, World } from "./world.ts";

/** What happened during a step that the room should tell clients about. Fresh each step; safe to keep. */
export interface StepEvents {
  /** In the order they happened; killerId null when the shooter had left. */
  kills: KillEvent[];
  /** Present on the step a match ends: the `match_end` broadcast. */
  matchEnd?: MatchEnd;
  /** Present on the step the phase changed: the new phase. */
  phaseChanged?: Phase;
}

/**
 * Advances the world by exactly one step, in this order:
 * 1. clock: tick + 1; time = round(tick × 1000 / STEP_HZ), whole ms so deadlines such as "3 s later"
 *    land on an exact step (3000 ms is exactly 90 steps) with no float drift over a long match;
 * 2. respawns that are due;
 * 3. projectiles fly and hit (against positions as the previous step left them, or through `lens`);
 * 4. each living player's input: the given one, or a generated one for a bot without an entry;
 *    movement (first for the `earlier` input the room caught up on, if any), then firing if the
 *    phase allows it (waiting, playing — not countdown);
 * 5. pickups;
 * 6. phase rules (match.ts).
 * In "ended" the world is frozen: only the clock and the phase rules run.
 *
 * `lastInput` becomes the given input's seq for every player that had an entry, dead or frozen ones
 * too: the room consumed that input, and the client's reconciliation must not stall on it.
 * Players with neither an entry nor a bot brain stand still (the room repeats held keys itself).
 */
export function step(world: World, inputs: ReadonlyMap<string, InputFrame>, lens?: TargetLens): StepEvents {
  const events: StepEvents = { kills: [] };
  const phaseBefore = world.phase;
  world.tick += 1;
  world.time = Math.round((world.tick * 1000) / STEP_HZ);

  if (world.phase === "ended") {
    for (const player of world.players.values()) acknowledge(player, inputs.get(player.id));
  } else {
    respawnDue(world);
    advanceProjectiles(world, events.kills, lens);
    const mayFire = world.phase === "waiting" || world.phase === "playing";
    for (const player of world.players.values()) {
      let input = inputs.get(player.id);
      if (input !== undefined) acknowledge(player, input);
      else if (player.bot && player.alive) input = botInput(world, player);
      if (input === undefined || !player.alive) continue;
      if (input.earlier !== undefined) applyInput(world, player, input.earlier);
      if (applyInput(world, player, input) && mayFire) tryFire(world, player);
    }
    updatePickups(world);
  }

  const matchEnd = updateMatch(world);
  if (matchEnd !== null) events.matchEnd = matchEnd;
  if (world.phase !== phaseBefore) events.phaseChanged = world.phase;
  return events;
}

function acknowledge(player: { lastInput: number }, input: InputFrame | undefined): void {
  if (input !== undefined) player.lastInput = sanitizeSeq(input.seq, player.lastInput);
}
