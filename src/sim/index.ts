// The arena's rules as the room sees them. Nothing here knows about Colyseus: the room owns a World,
// calls step() at STEP_HZ and copies the world into schema state.

export * from "./rules.ts";
export { Random } from "./random.ts";
export {
  addPlayer,
  chooseSpawnIndex,
  createWorld,
  removePlayer,
  spawnPlayer,
  type AddPlayerOptions,
  type Phase,
  type PickupBody,
  type PlayerBody,
  type ProjectileBody,
  type World,
  type WorldOptions,
} from "./world.ts";
export { applyInput, sanitizeInput, wrapAngle, type InputFrame } from "./input.ts";
export {
  circleOverlapsWall,
  clampToWorld,
  firstWallHit,
  moveCircle,
  segmentHitsCircle,
  segmentHitsWall,
  type Position,
} from "./collision.ts";
export { advanceProjectiles, damage, respawnDue, tryFire, type KillEvent, type TargetLens } from "./combat.ts";
export { resetPickups, updatePickups } from "./pickups.ts";
export { standings, updateMatch, type MatchEnd, type Standing } from "./match.ts";
export { botId, botInput, botName, type BotBrain } from "./bots.ts";
export { step, type StepEvents } from "./step.ts";
export { withinInterest } from "./interest.ts";
