// Canvas drawing in world units: a camera maps the arena onto the screen, and each draw call takes
// positions the netcode has already chosen (predicted, interpolated). Nothing here reads the network.

import { MAX_HP, PICKUP_RADIUS, PLAYER_RADIUS, PROJECTILE_RADIUS, type Wall } from "../../src/sim/rules.ts";

export interface Camera {
  /** World point at the centre of the screen. */
  x: number;
  y: number;
  /** CSS pixels per world unit. */
  scale: number;
}

export interface PlayerView {
  x: number;
  y: number;
  angle: number;
  name: string;
  hp: number;
  own: boolean;
  bot: boolean;
  connected: boolean;
}

export const COLORS = {
  own: "#2fd4e8",
  other: "#ff8a3d",
  bot: "#c792ea",
  ownShot: "#b9f6ff",
  otherShot: "#ffd166",
};

/** How much of the arena a player sees: about this many units across the shorter screen side. */
const VIEW_UNITS = 1000;

export class Renderer {
  private readonly ctx: CanvasRenderingContext2D;
  private cssWidth = 0;
  private cssHeight = 0;
  private camera: Camera = { x: 0, y: 0, scale: 1 };

  constructor(readonly canvas: HTMLCanvasElement) {
    const ctx = canvas.getContext("2d", { alpha: false });
    if (ctx === null) throw new Error("this browser cannot draw on a canvas");
    this.ctx = ctx;
    this.resize();
  }

  /** Matches the backing store to the element's size and the screen's pixel density. */
  resize(): void {
    const dpr = window.devicePixelRatio || 1;
    this.cssWidth = this.canvas.clientWidth || window.innerWidth;
    this.cssHeight = this.canvas.clientHeight || window.innerHeight;
    this.canvas.width = Math.round(this.cssWidth * dpr);
    this.canvas.height = Math.round(this.cssHeight * dpr);
  }

  /** A camera centred on `(x, y)` at the playing zoom, or one fitting the whole arena. */
  follow(x: number, y: number): Camera {
    return { x, y, scale: Math.min(this.cssWidth, this.cssHeight) / VIEW_UNITS };
  }

  overview(width: number, height: number): Camera {
    const scale = Math.min(this.cssWidth / (width + 80), this.cssHeight / (height + 80));
    return { x: width / 2, y: height / 2, scale };
  }

  /** Screen (CSS pixel) point → world point under the current camera. */
  toWorld(px: number, py: number): { x: number; y: number } {
    const { x, y, scale } = this.camera;
    return { x: x + (px - this.cssWidth / 2) / scale, y: y + (py - this.cssHeight / 2) / scale };
  }

  /** World point → screen (CSS pixel) point under the current camera. */
  toScreen(wx: number, wy: number): { x: number; y: number } {
    const { x, y, scale } = this.camera;
    return { x: (wx - x) * scale + this.cssWidth / 2, y: (wy - y) * scale + this.cssHeight / 2 };
  }

  /** Starts a frame: clears, sets the camera, draws the floor, the grid and the walls. */
  begin(camera: Camera, width: number, height: number, walls: readonly Wall[]): void {
    this.camera = camera;
    const ctx = this.ctx;
    const dpr = this.canvas.width / (this.cssWidth || 1);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "#07090d";
    ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.setTransform(
      dpr * camera.scale,
      0,
      0,
      dpr * camera.scale,
      dpr * (this.cssWidth / 2 - camera.x * camera.scale),
      dpr * (this.cssHeight / 2 - camera.y * camera.scale),
    );

    ctx.fillStyle = "#111821";
    ctx.fillRect(0, 0, width, height);
    this.grid(width, height);
    ctx.lineWidth = 4;
    ctx.strokeStyle = "#3b4656";
    ctx.strokeRect(0, 0, width, height);

    for (const wall of walls) {
      ctx.fillStyle = "#364152";
      ctx.fillRect(wall.x, wall.y, wall.width, wall.height);
      ctx.fillStyle = "#4a576b";
      ctx.fillRect(wall.x, wall.y, wall.width, Math.min(8, wall.height));
    }
  }

  pickup(x: number, y: number, active: boolean): void {
    const ctx = this.ctx;
    if (!active) {
      ctx.strokeStyle = "rgba(63, 185, 80, 0.25)";
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(x, y, PICKUP_RADIUS, 0, Math.PI * 2);
      ctx.stroke();
      return;
    }
    ctx.fillStyle = "rgba(63, 185, 80, 0.18)";
    ctx.beginPath();
    ctx.arc(x, y, PICKUP_RADIUS + 8, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = "#3fb950";
    ctx.beginPath();
    ctx.arc(x, y, PICKUP_RADIUS, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = "#eafff0";
    const arm = PICKUP_RADIUS * 0.6;
    ctx.fillRect(x - arm, y - 3, arm * 2, 6);
    ctx.fillRect(x - 3, y - arm, 6, arm * 2);
  }

  projectile(x: number, y: number, angle: number, own: boolean): void {
    const ctx = this.ctx;
    const tail = 26;
    ctx.strokeStyle = own ? "rgba(185, 246, 255, 0.35)" : "rgba(255, 209, 102, 0.35)";
    ctx.lineWidth = PROJECTILE_RADIUS;
    ctx.lineCap = "round";
    ctx.beginPath();
    ctx.moveTo(x - Math.cos(angle) * tail, y - Math.sin(angle) * tail);
    ctx.lineTo(x, y);
    ctx.stroke();
    ctx.fillStyle = own ? COLORS.ownShot : COLORS.otherShot;
    ctx.beginPath();
    ctx.arc(x, y, PROJECTILE_RADIUS, 0, Math.PI * 2);
    ctx.fill();
  }

  player(p: PlayerView): void {
    const ctx = this.ctx;
    const color = p.own ? COLORS.own : p.bot ? COLORS.bot : COLORS.other;
    ctx.globalAlpha = p.connected ? 1 : 0.4;

    if (p.own) {
      ctx.fillStyle = "rgba(47, 212, 232, 0.16)";
      ctx.beginPath();
      ctx.arc(p.x, p.y, PLAYER_RADIUS + 14, 0, Math.PI * 2);
      ctx.fill();
    }
    // barrel
    ctx.strokeStyle = "#d0d7de";
    ctx.lineWidth = 8;
    ctx.lineCap = "butt";
    ctx.beginPath();
    ctx.moveTo(p.x, p.y);
    ctx.lineTo(p.x + Math.cos(p.angle) * (PLAYER_RADIUS + 12), p.y + Math.sin(p.angle) * (PLAYER_RADIUS + 12));
    ctx.stroke();
    // body
    ctx.fillStyle = color;
    ctx.beginPath();
    ctx.arc(p.x, p.y, PLAYER_RADIUS, 0, Math.PI * 2);
    ctx.fill();
    ctx.lineWidth = p.own ? 4 : 2;
    ctx.strokeStyle = p.own ? "#ffffff" : "rgba(0, 0, 0, 0.5)";
    ctx.stroke();

    // hp bar and name, kept a constant size on screen whatever the zoom
    const unit = 1 / this.camera.scale;
    const barWidth = 44 * unit;
    const barHeight = 6 * unit;
    const barY = p.y - PLAYER_RADIUS - 12 * unit;
    ctx.fillStyle = "rgba(0, 0, 0, 0.6)";
    ctx.fillRect(p.x - barWidth / 2, barY, barWidth, barHeight);
    const share = Math.max(0, Math.min(1, p.hp / MAX_HP));
    ctx.fillStyle = share > 0.35 ? "#3fb950" : "#ff5d5d";
    ctx.fillRect(p.x - barWidth / 2, barY, barWidth * share, barHeight);

    ctx.font = `${p.own ? 600 : 500} ${13 * unit}px system-ui, sans-serif`;
    ctx.textAlign = "center";
    ctx.textBaseline = "bottom";
    const label = p.connected ? p.name : `${p.name} (away)`;
    // An outline rather than a blurred shadow: as legible on any floor, and far cheaper to draw.
    ctx.lineJoin = "round";
    ctx.lineWidth = 3 * unit;
    ctx.strokeStyle = "rgba(0, 0, 0, 0.8)";
    ctx.strokeText(label, p.x, barY - 3 * unit);
    ctx.fillStyle = p.own ? "#ffffff" : "#e6edf3";
    ctx.fillText(label, p.x, barY - 3 * unit);
    ctx.globalAlpha = 1;
  }

  /** A cross where the mouse points, drawn in screen space. */
  crosshair(px: number, py: number): void {
    const world = this.toWorld(px, py);
    const ctx = this.ctx;
    const unit = 1 / this.camera.scale;
    ctx.strokeStyle = "rgba(255, 255, 255, 0.8)";
    ctx.lineWidth = 2 * unit;
    ctx.beginPath();
    ctx.arc(world.x, world.y, 9 * unit, 0, Math.PI * 2);
    ctx.moveTo(world.x - 14 * unit, world.y);
    ctx.lineTo(world.x - 4 * unit, world.y);
    ctx.moveTo(world.x + 4 * unit, world.y);
    ctx.lineTo(world.x + 14 * unit, world.y);
    ctx.moveTo(world.x, world.y - 14 * unit);
    ctx.lineTo(world.x, world.y - 4 * unit);
    ctx.moveTo(world.x, world.y + 4 * unit);
    ctx.lineTo(world.x, world.y + 14 * unit);
    ctx.stroke();
  }

  private grid(width: number, height: number): void {
    const ctx = this.ctx;
    const step = 100;
    const topLeft = this.toWorld(0, 0);
    const bottomRight = this.toWorld(this.cssWidth, this.cssHeight);
    const x0 = Math.max(0, Math.floor(topLeft.x / step) * step);
    const x1 = Math.min(width, bottomRight.x);
    const y0 = Math.max(0, Math.floor(topLeft.y / step) * step);
    const y1 = Math.min(height, bottomRight.y);
    ctx.strokeStyle = "#18212c";
    ctx.lineWidth = 2;
    ctx.beginPath();
    for (let x = x0; x <= x1; x += step) {
      ctx.moveTo(x, Math.max(0, topLeft.y));
      ctx.lineTo(x, y1);
    }
    for (let y = y0; y <= y1; y += step) {
      ctx.moveTo(Math.max(0, topLeft.x), y);
      ctx.lineTo(x1, y);
    }
    ctx.stroke();
  }
}
