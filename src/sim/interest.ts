// Interest management: which entities a player needs to hear about. The room uses this to fill each
// client's StateView; squared distances avoid a square root per pair every step.

import { INTEREST_RADIUS } from "./rules.ts";

/** Whether `b` is within INTEREST_RADIUS of `a` (the boundary counts as inside). */
export function withinInterest(a: { x: number; y: number }, b: { x: number; y: number }): boolean {
  const dx = a.x - b.x;
  const dy = a.y - b.y;
  return dx * dx + dy * dy <= RADIUS_SQUARED;
}

const RADIUS_SQUARED = INTEREST_RADIUS * INTEREST_RADIUS;
