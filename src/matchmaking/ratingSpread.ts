/**
 * How close in rating a ranked match must be (PROTOCOL §3 `queue`). A match's spread is the gap
 * between its highest and lowest rating. The spread a match may have starts narrow and widens
 * linearly with the wait of its longest-waiting player, reaching WIDE_SPREAD at the queue's maximum
 * wait — the moment the queue stops waiting for more players and completes the group with bots.
 * Tying the widening to the maximum wait keeps one knob (ARENA_QUEUE_MAX_WAIT_MS) for both.
 */

export const DEFAULT_RATING = 1500;
export const MAX_RATING = 10_000;
/** The spread a match may have when its players have just joined. */
export const NARROW_SPREAD = 100;
/** The spread a match may have once its longest-waiting player has waited the maximum wait. */
export const WIDE_SPREAD = 800;

export interface QueuedPlayer {
  rating: number;
  /** When the player joined the queue, in ms. */
  queuedAt: number;
}

/** The spread a match may have when its longest-waiting player has waited `waitedMs`. */
export function allowedSpread(waitedMs: number, maxWaitMs: number): number {
  const progress = Math.min(1, Math.max(0, waitedMs / maxWaitMs));
  return NARROW_SPREAD + (WIDE_SPREAD - NARROW_SPREAD) * progress;
}

/** How long a match's longest waiter must wait before a match of `spread` is allowed (Infinity if never). */
export function waitForSpread(spread: number, maxWaitMs: number): number {
  if (spread <= NARROW_SPREAD) return 0;
  if (spread > WIDE_SPREAD) return Infinity;
  return ((spread - NARROW_SPREAD) / (WIDE_SPREAD - NARROW_SPREAD)) * maxWaitMs;
}

/** Whether `candidate` may join `group`'s match at time `now`. */
export function fitsMatch(candidate: QueuedPlayer, group: readonly QueuedPlayer[], now: number, maxWaitMs: number): boolean {
  let lowest = candidate.rating;
  let highest = candidate.rating;
  let firstQueuedAt = candidate.queuedAt;
  for (const player of group) {
    lowest = Math.min(lowest, player.rating);
    highest = Math.max(highest, player.rating);
    firstQueuedAt = Math.min(firstQueuedAt, player.queuedAt);
  }
  return highest - lowest <= allowedSpread(now - firstQueuedAt, maxWaitMs);
}
