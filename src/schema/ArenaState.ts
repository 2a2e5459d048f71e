import { MapSchema, ArraySchema, Schema, type, view } from "@colyseus/schema";

/** StateView tag of a client's own player: the fields only its owner receives. */
export const OWN_PLAYER = 1;

// Numeric types are chosen for bandwidth: positions fit int16 (the world is 3000 units), counters
// fit uint8/uint16, and only angles need fractions. Times are server ms (uint32: 49 days).

export class Wall extends Schema {
  @type("int16") x = 0;
  @type("int16") y = 0;
  @type("int16") width = 0;
  @type("int16") height = 0;
}

export class Player extends Schema {
  @type("string") name = "";
  @type("int16") x = 0;
  @type("int16") y = 0;
  /**
   * Radians in -π..π, one byte on the wire (steps of 2π/256, 1.4°): it changes with nearly every
   * input and only draws the player's facing; shots fly along the sim's exact aim (Projectile.angle
   * carries it to 16 bits).
   */
  @type({ quantized: { min: -Math.PI, max: Math.PI, bits: 8, mode: "wrap" } }) angle = 0;
  @type("uint8") hp = 100;
  @type("uint16") score = 0;
  @type("uint16") kills = 0;
  @type("uint16") deaths = 0;
  @type("boolean") alive = true;
  @type("boolean") connected = true;
  @type("boolean") bot = false;
  /**
   * The last input `seq` the server applied for this player: what its client reconciles against. It
   * changes on every step of every player, and only its owner reconciles with it, so it goes to the
   * owner alone (the view that holds its own player with the OWN_PLAYER tag); others and spectators
   * see it stay 0.
   */
  @view(OWN_PLAYER) @type("uint32") lastInput = 0;
  /**
   * Steps not yet made up for in which the server repeated this player's held keys for want of an
   * input (or which an overloaded room dropped): the movement of that many of its next inputs will be
   * passed over (their fire still counts), a repeat having already moved the player for them. A
   * predicting client skips the movement of its first `repeatsOwed` unacknowledged inputs, so a late
   * input does not show as a correction. Owner only, like `lastInput`; it changes only when an input
   * is late.
   */
  @view(OWN_PLAYER) @type("uint8") repeatsOwed = 0;
}

/**
 * A projectile flies straight at PROJECTILE_SPEED from where it was fired, so the state carries only
 * its launch (`x`, `y` at `firedAt`, and `angle`) and never changes until it is removed: clients place
 * it at `x + cos(angle) · 900 · (serverTime − firedAt) / 1000` (likewise y). That saves a position
 * update per projectile per patch per client.
 */
export class Projectile extends Schema {
  @type("string") ownerId = "";
  @type("int16") x = 0;
  @type("int16") y = 0;
  /** Radians in -π..π in two bytes: steps of 0.0001, under 0.05 units off after a second's flight. */
  @type({ quantized: { min: -Math.PI, max: Math.PI, bits: 16, mode: "wrap" } }) angle = 0;
  @type("uint32") firedAt = 0;
}

export class Pickup extends Schema {
  @type("int16") x = 0;
  @type("int16") y = 0;
  @type("boolean") active = true;
}

export class ArenaState extends Schema {
  @type("string") phase = "waiting";
  /** Server ms at which the phase ends; 0 while open-ended. Same clock as `serverTime`. */
  @type("uint32") phaseEndsAt = 0;
  /** Server ms on the room's match clock (0 when the room was created), advanced every step. */
  @type("uint32") serverTime = 0;
  @type("uint32") tick = 0;
  @type("uint16") width = 0;
  @type("uint16") height = 0;
  @type([Wall]) walls = new ArraySchema<Wall>();
  // Interest management: each client's StateView decides which of these it receives.
  @view() @type({ map: Player }) players = new MapSchema<Player>();
  @view() @type({ map: Projectile }) projectiles = new MapSchema<Projectile>();
  @view() @type({ map: Pickup }) pickups = new MapSchema<Pickup>();
}
