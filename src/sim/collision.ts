// Geometry the rules need: moving circles that stop at walls and world edges, and swept tests so a fast
// projectile (30 units a step) is judged along its whole path, not only where it lands each step.
// Functions take plain numbers and write into the body they are given: no allocation per call.

import { PLAYER_RADIUS, WORLD_HEIGHT, WORLD_WIDTH, type Wall } from "./rules.ts";

export interface Position {
  x: number;
  y: number;
}

/**
 * Moves a player-sized circle by (dx, dy), then pushes it out of any wall it entered and back inside
 * the world. Pushing out along the contact normal removes only the part of the motion that went into
 * the wall, so a player pressing diagonally into a wall slides along it.
 */
export function moveCircle(body: Position, dx: number, dy: number, walls: readonly Wall[], radius = PLAYER_RADIUS): void {
  body.x += dx;
  body.y += dy;
  // A second pass settles the rare case where leaving one wall pushed the circle into a neighbour.
  for (let pass = 0; pass < 2; pass++) {
    let pushed = false;
    for (let i = 0; i < walls.length; i++) {
      if (pushOutOfWall(body, radius, walls[i]!)) pushed = true;
    }
    if (!pushed) break;
  }
  clampToWorld(body, radius);
}

/** Keeps a circle entirely inside the world. */
export function clampToWorld(body: Position, radius: number): void {
  body.x = clamp(body.x, radius, WORLD_WIDTH - radius);
  body.y = clamp(body.y, radius, WORLD_HEIGHT - radius);
}

/**
 * Pushes a circle out of one wall; returns whether it overlapped. From outside, the push follows the
 * line from the wall's nearest point to the centre; with the centre inside the wall (only possible if
 * something was placed there), it leaves along the axis of least penetration.
 */
export function pushOutOfWall(body: Position, radius: number, wall: Wall): boolean {
  const right = wall.x + wall.width;
  const bottom = wall.y + wall.height;
  const nearX = clamp(body.x, wall.x, right);
  const nearY = clamp(body.y, wall.y, bottom);
  const nx = body.x - nearX;
  const ny = body.y - nearY;
  const d2 = nx * nx + ny * ny;
  if (d2 >= radius * radius) return false;
  if (ny === 0 && nx !== 0) {
    body.x = nearX + (nx > 0 ? radius : -radius);
    return true;
  }
  if (nx === 0 && ny !== 0) {
    body.y = nearY + (ny > 0 ? radius : -radius);
    return true;
  }
  if (d2 > 0) {
    // Against a corner, rounding could leave the circle 1e-14 inside; the skin keeps "never overlaps" exact.
    const scale = (radius + CORNER_SKIN) / Math.sqrt(d2);
    body.x = nearX + nx * scale;
    body.y = nearY + ny * scale;
    return true;
  }
  const toLeft = body.x - wall.x;
  const toRight = right - body.x;
  const toTop = body.y - wall.y;
  const toBottom = bottom - body.y;
  const least = Math.min(toLeft, toRight, toTop, toBottom);
  if (least === toLeft) body.x = wall.x - radius;
  else if (least === toRight) body.x = right + radius;
  else if (least === toTop) body.y = wall.y - radius;
  else body.y = bottom + radius;
  return true;
}

/** Whether a circle overlaps a wall (touching does not count). */
export function circleOverlapsWall(x: number, y: number, radius: number, wall: Wall): boolean {
  const nx = x - clamp(x, wall.x, wall.x + wall.width);
  const ny = y - clamp(y, wall.y, wall.y + wall.height);
  return nx * nx + ny * ny < radius * radius;
}

/**
 * Where along the segment (x0,y0)→(x1,y1), as a fraction 0..1, a point first comes within `radius` of
 * (cx, cy); -1 if it never does. Starting inside counts as a hit at 0. Testing a projectile of radius r
 * against a player of radius R is this test with radius R + r.
 */
export function segmentHitsCircle(
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  cx: number,
  cy: number,
  radius: number,
): number {
  const fx = x0 - cx;
  const fy = y0 - cy;
  const c = fx * fx + fy * fy - radius * radius;
  if (c <= 0) return 0;
  const dx = x1 - x0;
  const dy = y1 - y0;
  const a = dx * dx + dy * dy;
  const halfB = fx * dx + fy * dy;
  if (a === 0 || halfB >= 0) return -1; // not moving, or moving away from the centre
  const disc = halfB * halfB - a * c;
  if (disc < 0) return -1;
  const t = (-halfB - Math.sqrt(disc)) / a;
  return t <= 1 ? t : -1;
}

/**
 * Where along the segment, as a fraction 0..1, it first enters the wall grown by `pad` on every side;
 * -1 if it never does. Starting inside counts as 0. A projectile of radius r uses pad r: the grown
 * rectangle has square corners, so a shot grazing a corner diagonally stops up to (√2−1)·r early.
 */
export function segmentHitsWall(x0: number, y0: number, x1: number, y1: number, wall: Wall, pad = 0): number {
  let enter = 0;
  let exit = 1;
  const dx = x1 - x0;
  const dy = y1 - y0;
  const minX = wall.x - pad;
  const maxX = wall.x + wall.width + pad;
  const minY = wall.y - pad;
  const maxY = wall.y + wall.height + pad;
  if (dx === 0) {
    if (x0 < minX || x0 > maxX) return -1;
  } else {
    const near = ((dx > 0 ? minX : maxX) - x0) / dx;
    const far = ((dx > 0 ? maxX : minX) - x0) / dx;
    if (near > enter) enter = near;
    if (far < exit) exit = far;
    if (enter > exit) return -1;
  }
  if (dy === 0) {
    if (y0 < minY || y0 > maxY) return -1;
  } else {
    const near = ((dy > 0 ? minY : maxY) - y0) / dy;
    const far = ((dy > 0 ? maxY : minY) - y0) / dy;
    if (near > enter) enter = near;
    if (far < exit) exit = far;
    if (enter > exit) return -1;
  }
  return enter;
}

/** The earliest fraction at which the segment meets any wall (grown by `pad`), or -1. */
export function firstWallHit(x0: number, y0: number, x1: number, y1: number, walls: readonly Wall[], pad = 0): number {
  let first = -1;
  for (let i = 0; i < walls.length; i++) {
    const t = segmentHitsWall(x0, y0, x1, y1, walls[i]!, pad);
    if (t >= 0 && (first < 0 || t < first)) first = t;
  }
  return first;
}

export function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}

/** A nanometre of clearance added when pushing off a wall's corner (see pushOutOfWall). */
const CORNER_SKIN = 1e-9;
