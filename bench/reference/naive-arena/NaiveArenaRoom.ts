import { Room, type Client } from "colyseus";
import { MapSchema, Schema, type } from "@colyseus/schema";
import { PLAYER_RADIUS, PLAYER_SPEED, STEP_HZ, WALLS, WORLD_HEIGHT, WORLD_WIDTH, circleOverlapsWall, moveCircle } from "../../../src/sim/index.ts";

/**
 * The room a beginner would write for the same game, to compare Arena against (bench only, never
 * served by Arena): the same world, walls, speeds and collision code (imported from src/sim), inputs
 * as plain `input` messages (one per client per step, 30/s), `setSimulationInterval` at 30 Hz, the
 * default patch rate (50 ms), `number` fields, and the full state to everyone. It only moves and
 * aims players: no projectiles, no lag compensation, no interest management, no bots.
 */
export class NaiveWall extends Schema {
  @type("number") x = 0;
  @type("number") y = 0;
  @type("number") width = 0;
  @type("number") height = 0;
}

export class NaivePlayer extends Schema {
  @type("string") name = "";
  @type("number") x = 0;
  @type("number") y = 0;
  @type("number") angle = 0;
  @type("number") hp = 100;
  @type("number") score = 0;
  @type("number") kills = 0;
  @type("number") deaths = 0;
  @type("boolean") alive = true;
  @type("boolean") connected = true;
  @type("boolean") bot = false;
  @type("number") lastInput = 0;
}

export class NaiveState extends Schema {
  @type("string") phase = "waiting";
  @type("number") serverTime = 0;
  @type("number") width = WORLD_WIDTH;
  @type("number") height = WORLD_HEIGHT;
  @type([NaiveWall]) walls = WALLS.map((w) => Object.assign(new NaiveWall(), w));
  @type({ map: NaivePlayer }) players = new MapSchema<NaivePlayer>();
}

interface NaiveInput {
  seq: number;
  dx: number;
  dy: number;
  aim: number;
  fire: boolean;
}

export class NaiveArenaRoom extends Room<{ state: NaiveState }> {
  maxClients = 16;
  state = new NaiveState();
  private readonly latestInput = new Map<string, NaiveInput>();

  messages = {
    input: (client: Client, input: NaiveInput) => {
      this.latestInput.set(client.sessionId, input);
    },
  };

  onCreate() {
    this.setSimulationInterval((dtMs) => this.update(dtMs), 1000 / STEP_HZ);
  }

  onJoin(client: Client, options: { name?: string }) {
    const player = new NaivePlayer();
    player.name = options?.name ?? "player";
    do {
      player.x = PLAYER_RADIUS + Math.random() * (WORLD_WIDTH - 2 * PLAYER_RADIUS);
      player.y = PLAYER_RADIUS + Math.random() * (WORLD_HEIGHT - 2 * PLAYER_RADIUS);
    } while (WALLS.some((w) => circleOverlapsWall(player.x, player.y, PLAYER_RADIUS, w)));
    this.state.players.set(client.sessionId, player);
  }

  onLeave(client: Client) {
    this.state.players.delete(client.sessionId);
    this.latestInput.delete(client.sessionId);
  }

  update(dtMs: number) {
    this.state.serverTime += dtMs;
    const dt = 1 / STEP_HZ;
    this.state.players.forEach((player, sessionId) => {
      const input = this.latestInput.get(sessionId);
      if (!input) return;
      let dx = Math.max(-1, Math.min(1, Number(input.dx) || 0));
      let dy = Math.max(-1, Math.min(1, Number(input.dy) || 0));
      const length = Math.hypot(dx, dy);
      if (length > 1) {
        dx /= length;
        dy /= length;
      }
      const position = { x: player.x, y: player.y };
      moveCircle(position, dx * PLAYER_SPEED * dt, dy * PLAYER_SPEED * dt, WALLS);
      player.x = position.x;
      player.y = position.y;
      player.angle = Number(input.aim) || 0;
      player.lastInput = Number(input.seq) || 0;
    });
  }
}
