// Health packs at fixed points: a hurt player who touches an active pack takes it, and the pack is
// gone for PICKUP_RESPAWN_MS. A player at full hp walks over it without wasting it.

import { MAX_HP, PICKUP_HEAL, PICKUP_RADIUS, PICKUP_RESPAWN_MS, PLAYER_RADIUS } from "./rules.ts";
import type { World } from "./world.ts";

/** Brings back packs whose time has come, then lets living hurt players take active ones. */
export function updatePickups(world: World): void {
  const reach = PLAYER_RADIUS + PICKUP_RADIUS;
  for (const pickup of world.pickups.values()) {
    if (!pickup.active) {
      if (world.time < pickup.respawnAt) continue;
      pickup.active = true;
      pickup.respawnAt = 0;
    }
    // When several players touch a pack in the same step, the first in join order gets it.
    for (const player of world.players.values()) {
      if (!player.alive || player.hp >= MAX_HP) continue;
      const dx = player.x - pickup.x;
      const dy = player.y - pickup.y;
      if (dx * dx + dy * dy >= reach * reach) continue;
      player.hp = Math.min(MAX_HP, player.hp + PICKUP_HEAL);
      pickup.active = false;
      pickup.respawnAt = world.time + PICKUP_RESPAWN_MS;
      break;
    }
  }
}

/** Every pack active again, as at the start of a match. */
export function resetPickups(world: World): void {
  for (const pickup of world.pickups.values()) {
    pickup.active = true;
    pickup.respawnAt = 0;
  }
}
