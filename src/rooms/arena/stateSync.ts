import type { MapSchema } from "@colyseus/schema";
import { ArenaState, Pickup, Player, Projectile, Wall } from "../../schema/ArenaState.ts";
import { WORLD_HEIGHT, WORLD_WIDTH, type PlayerBody, type World } from "../../sim/index.ts";

/** A fresh state with the world's fixed parts (size, walls) filled in. */
export function createArenaState(world: World): ArenaState {
  const state = new ArenaState();
  state.width = WORLD_WIDTH;
  state.height = WORLD_HEIGHT;
  for (const body of world.walls) {
    const wall = new Wall();
    wall.x = body.x;
    wall.y = body.y;
    wall.width = body.width;
    wall.height = body.height;
    state.walls.push(wall);
  }
  return state;
}

/**
 * Copies the world into the synchronized state after a step. Assigning an unchanged value still costs
 * a setter call, so fields are compared first: only what changed enters the next patch. Positions are
 * rounded to the schema's int16.
 */
export function syncArenaState(world: World, state: ArenaState): void {
  state.phase = world.phase;
  state.phaseEndsAt = world.phaseEndsAt;
  state.serverTime = world.time;
  state.tick = world.tick;

  removeMissing(state.players, world.players);
  for (const body of world.players.values()) {
    let player = state.players.get(body.id);
    if (player === undefined) {
      player = new Player();
      player.bot = body.bot;
      state.players.set(body.id, player);
    }
    copyPlayer(body, player);
  }

  removeMissing(state.projectiles, world.projectiles);
  for (const body of world.projectiles.values()) {
    if (state.projectiles.has(body.id)) continue; // launched once, never updated (see Projectile)
    const projectile = new Projectile();
    projectile.ownerId = body.ownerId;
    projectile.x = Math.round(body.x);
    projectile.y = Math.round(body.y);
    projectile.angle = body.angle;
    projectile.firedAt = world.time;
    state.projectiles.set(body.id, projectile);
  }

  for (const body of world.pickups.values()) {
    let pickup = state.pickups.get(body.id);
    if (pickup === undefined) {
      pickup = new Pickup();
      pickup.x = body.x;
      pickup.y = body.y;
      state.pickups.set(body.id, pickup);
    }
    if (pickup.active !== body.active) pickup.active = body.active;
  }
}

function copyPlayer(body: PlayerBody, player: Player): void {
  const x = Math.round(body.x);
  const y = Math.round(body.y);
  if (player.name !== body.name) player.name = body.name;
  if (player.x !== x) player.x = x;
  if (player.y !== y) player.y = y;
  player.angle = body.angle; // the quantized setter snaps it and records a change only when the wire value moves
  if (player.hp !== body.hp) player.hp = body.hp;
  if (player.score !== body.score) player.score = body.score;
  if (player.kills !== body.kills) player.kills = body.kills;
  if (player.deaths !== body.deaths) player.deaths = body.deaths;
  if (player.alive !== body.alive) player.alive = body.alive;
  if (player.connected !== body.connected) player.connected = body.connected;
  if (player.lastInput !== body.lastInput) player.lastInput = body.lastInput;
}

function removeMissing<T>(synced: MapSchema<T>, live: Map<string, unknown>): void {
  if (synced.size === 0) return;
  const gone: string[] = [];
  for (const id of synced.keys()) if (!live.has(id)) gone.push(id);
  for (const id of gone) synced.delete(id);
}
