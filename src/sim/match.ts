// The match cycle: waiting (warm-up) → countdown → playing → ended → countdown … Each call moves at most
// one phase forward, at the end of a step, so the step that scored the winning kill is the one that
// ends the match.

import { resetPickups } from "./pickups.ts";
import { COUNTDOWN_MS, ENDED_MS, MIN_PARTICIPANTS } from "./rules.ts";
import { spawnPlayer, type World } from "./world.ts";

export interface Standing {
  id: string;
  name: string;
  score: number;
  kills: number;
  deaths: number;
}

export interface MatchEnd {
  standings: Standing[];
}

/**
 * Advances the phase if its condition is met; returns the final standings on the step a match ends.
 *
 * - waiting: open-ended until MIN_PARTICIPANTS players (bots and disconnected players count).
 * - countdown: COUNTDOWN_MS; back to waiting if players drop below the minimum.
 * - playing: until matchSeconds pass, someone reaches scoreLimit, or players drop below the minimum
 *   (a lone player would otherwise wait out the clock with no one to fight).
 * - ended: ENDED_MS frozen; then a new countdown, or waiting if too few players remain.
 *
 * Entering countdown, and falling back from ended to waiting, starts a fresh round: stats zeroed,
 * everyone respawned at spawn points with full hp, projectiles cleared, every pickup active.
 */
export function updateMatch(world: World): MatchEnd | null {
  const enough = world.players.size >= MIN_PARTICIPANTS;
  switch (world.phase) {
    case "waiting":
      if (enough) startCountdown(world);
      return null;
    case "countdown":
      if (!enough) {
        world.phase = "waiting";
        world.phaseEndsAt = 0;
      } else if (world.time >= world.phaseEndsAt) {
        world.phase = "playing";
        world.phaseEndsAt = world.time + Math.round(world.matchSeconds * 1000);
      }
      return null;
    case "playing":
      if (!enough || world.time >= world.phaseEndsAt || topScore(world) >= world.scoreLimit) {
        world.phase = "ended";
        world.phaseEndsAt = world.time + ENDED_MS;
        world.projectiles.clear();
        return { standings: standings(world) };
      }
      return null;
    case "ended":
      if (world.time < world.phaseEndsAt) return null;
      if (enough) {
        startCountdown(world);
      } else {
        world.phase = "waiting";
        world.phaseEndsAt = 0;
        resetRound(world);
      }
      return null;
  }
}

/** Every player, best first: score desc, kills desc, deaths asc, then id so ties are deterministic. */
export function standings(world: World): Standing[] {
  const rows: Standing[] = [];
  for (const p of world.players.values()) {
    rows.push({ id: p.id, name: p.name, score: p.score, kills: p.kills, deaths: p.deaths });
  }
  return rows.sort(compareStandings);
}

function startCountdown(world: World): void {
  world.phase = "countdown";
  world.phaseEndsAt = world.time + COUNTDOWN_MS;
  resetRound(world);
}

function resetRound(world: World): void {
  world.projectiles.clear();
  resetPickups(world);
  for (const p of world.players.values()) {
    p.alive = false; // nobody holds a spawn point until re-placed, so players spread over all of them
    p.score = 0;
    p.kills = 0;
    p.deaths = 0;
    p.nextFireAt = 0;
  }
  for (const p of world.players.values()) spawnPlayer(world, p);
}

function topScore(world: World): number {
  let top = 0;
  for (const p of world.players.values()) if (p.score > top) top = p.score;
  return top;
}

function compareStandings(a: Standing, b: Standing): number {
  return (
    b.score - a.score ||
    b.kills - a.kills ||
    a.deaths - b.deaths ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
