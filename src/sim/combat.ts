// Shooting, hits, deaths and respawns. Hits are judged along each projectile's whole path in a step
// (swept tests), against where the shooter saw its targets when the room supplies a TargetLens.

import { firstWallHit, segmentHitsCircle } from "./collision.ts";
import {
  FIRE_COOLDOWN_MS,
  HIT_DAMAGE,
  MAX_REWIND_TRAVEL,
  PLAYER_RADIUS,
  PROJECTILE_LIFE_MS,
  PROJECTILE_RADIUS,
  PROJECTILE_SPEED,
  RESPAWN_MS,
  STEP_HZ,
  WORLD_HEIGHT,
  WORLD_WIDTH,
} from "./rules.ts";
import { spawnPlayer, type PlayerBody, type ProjectileBody, type World } from "./world.ts";

/**
 * Lag compensation: where `shooterId`'s client displayed `target` (the room answers from Colyseus's
 * rewind, bounded to MAX_REWIND_MS). The result is read at once, so an implementation may reuse one
 * object across calls. It is only asked about targets whose live position lies within
 * MAX_REWIND_TRAVEL (plus the hit reach) of the projectile's path: no player moves farther in the
 * rewind's window, and a target seen farther away (across a respawn) could not have been aimed at.
 */
export interface TargetLens {
  seenBy(shooterId: string, target: PlayerBody): { x: number; y: number };
}

export interface KillEvent {
  /** null when the shooter left the room while its projectile was in flight. */
  killerId: string | null;
  victimId: string;
}

/**
 * Fires if the player is alive and its cooldown has passed: a projectile leaves the player's edge along
 * its angle. Returns the projectile, or null when it could not fire. Phase rules are the caller's.
 */
export function tryFire(world: World, player: PlayerBody): ProjectileBody | null {
  if (!player.alive || world.time < player.nextFireAt) return null;
  const cos = Math.cos(player.angle);
  const sin = Math.sin(player.angle);
  const id = `p${world.nextProjectileId++}`;
  const projectile: ProjectileBody = {
    id,
    ownerId: player.id,
    x: player.x + cos * PLAYER_RADIUS,
    y: player.y + sin * PLAYER_RADIUS,
    vx: cos * PROJECTILE_SPEED,
    vy: sin * PROJECTILE_SPEED,
    angle: player.angle,
    expiresAt: world.time + PROJECTILE_LIFE_MS,
  };
  world.projectiles.set(id, projectile);
  player.nextFireAt = world.time + FIRE_COOLDOWN_MS;
  return projectile;
}

/**
 * Moves every projectile one step. Along its path it stops at the first thing it meets: a living
 * player other than its owner (25 damage) or a wall; otherwise it flies on until its life runs out or
 * it leaves the world. Kills are appended to `kills`.
 *
 * Targets are read through `lens` for shots by a human still in the room; bots and departed shooters
 * had no client view, so their shots are judged against live positions.
 */
export function advanceProjectiles(world: World, kills: KillEvent[], lens?: TargetLens): void {
  const reach = PLAYER_RADIUS + PROJECTILE_RADIUS;
  for (const projectile of world.projectiles.values()) {
    const x0 = projectile.x;
    const y0 = projectile.y;
    const x1 = x0 + projectile.vx / STEP_HZ;
    const y1 = y0 + projectile.vy / STEP_HZ;
    const wallAt = firstWallHit(x0, y0, x1, y1, world.walls, PROJECTILE_RADIUS);
    const owner = world.players.get(projectile.ownerId);
    const view = owner !== undefined && !owner.bot ? lens : undefined;
    // Broad phase: only targets now within reach (plus what the lens may have seen) of the path's box.
    const near = view !== undefined ? reach + MAX_REWIND_TRAVEL : reach;
    const left = Math.min(x0, x1) - near;
    const right = Math.max(x0, x1) + near;
    const top = Math.min(y0, y1) - near;
    const bottom = Math.max(y0, y1) + near;

    let victim: PlayerBody | undefined;
    let victimAt = wallAt >= 0 ? wallAt : 1;
    for (const target of world.players.values()) {
      if (!target.alive || target.id === projectile.ownerId) continue;
      if (target.x < left || target.x > right || target.y < top || target.y > bottom) continue;
      let tx = target.x;
      let ty = target.y;
      if (view !== undefined) {
        const seen = view.seenBy(projectile.ownerId, target);
        tx = seen.x;
        ty = seen.y;
      }
      const at = segmentHitsCircle(x0, y0, x1, y1, tx, ty, reach);
      if (at >= 0 && (at < victimAt || (victim === undefined && at === victimAt))) {
        victim = target;
        victimAt = at;
      }
    }

    if (victim !== undefined) {
      world.projectiles.delete(projectile.id);
      damage(world, victim, owner, kills);
    } else if (wallAt >= 0 || world.time >= projectile.expiresAt || outsideWorld(x1, y1)) {
      // The final step of its life was still swept above, so its reach is the full 1 s of flight.
      world.projectiles.delete(projectile.id);
    } else {
      projectile.x = x1;
      projectile.y = y1;
    }
  }
}

/**
 * One hit on `victim` by `shooter` (undefined when the shooter has left). At 0 hp the victim dies and
 * respawns RESPAWN_MS later. Deaths, kills and score count only while "playing"; in the warm-up
 * ("waiting") players still die and respawn, but nothing is scored.
 */
export function damage(world: World, victim: PlayerBody, shooter: PlayerBody | undefined, kills: KillEvent[]): void {
  if (!victim.alive) return;
  victim.hp -= HIT_DAMAGE;
  if (victim.hp > 0) return;
  victim.hp = 0;
  victim.alive = false;
  victim.respawnAt = world.time + RESPAWN_MS;
  if (world.phase === "playing") {
    victim.deaths++;
    if (shooter !== undefined && shooter !== victim) {
      shooter.kills++;
      shooter.score++;
    }
  }
  kills.push({ killerId: shooter !== undefined ? shooter.id : null, victimId: victim.id });
}

/** Brings back every dead player whose respawn time has come. */
export function respawnDue(world: World): void {
  for (const player of world.players.values()) {
    if (!player.alive && world.time >= player.respawnAt) spawnPlayer(world, player);
  }
}

function outsideWorld(x: number, y: number): boolean {
  return x < 0 || y < 0 || x > WORLD_WIDTH || y > WORLD_HEIGHT;
}
