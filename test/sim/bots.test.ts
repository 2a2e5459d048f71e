import assert from "node:assert/strict";
import { test } from "node:test";
import {
  MAX_HP,
  addPlayer,
  botId,
  botInput,
  botName,
  createWorld,
  step,
  type World,
} from "../../src/sim/index.ts";
import { arena, place } from "./helpers.ts";

const NO_INPUT = new Map();

function botWorld(seed: number, bots: number): World {
  const world = createWorld({ seed, matchSeconds: 180, scoreLimit: 50 });
  for (let n = 1; n <= bots; n++) addPlayer(world, botId(n), botName(n), { bot: true });
  return world;
}

/** Everything observable about a world after each step, as one string. */
function trace(seed: number, bots: number, steps: number): string {
  const world = botWorld(seed, bots);
  const lines: string[] = [];
  for (let i = 0; i < steps; i++) {
    const events = step(world, NO_INPUT);
    lines.push(JSON.stringify([world.time, world.phase, events, [...world.players.values()], [...world.projectiles.values()], [...world.pickups.values()]]));
  }
  return lines.join("\n");
}

test("bots get ids bot-N and distinct names", () => {
  assert.equal(botId(3), "bot-3");
  const names = new Set(Array.from({ length: 63 }, (_, i) => botName(i + 1)));
  assert.equal(names.size, 63);
  assert.equal(botName(1), "Ada");
  assert.equal(botName(17), "Ada-2");
});

test("a match with bots replays identically from the same seed (30 s, 8 bots)", () => {
  const first = trace(1234, 8, 900);
  assert.equal(trace(1234, 8, 900), first);
  assert.notEqual(trace(4321, 8, 900), first);
});

test("bots damage and kill each other within 60 s", () => {
  const world = botWorld(7, 6);
  let kills = 0;
  let hurt = false;
  for (let i = 0; i < 30 * 60 && kills === 0; i++) {
    kills += step(world, NO_INPUT).kills.length;
    for (const p of world.players.values()) if (p.hp < MAX_HP) hurt = true;
  }
  assert.ok(hurt, "someone took damage");
  assert.ok(kills > 0, "someone was killed");
});

test("a bot fires at a visible enemy in range", () => {
  const world = arena("playing");
  const bot = place(world, "bot-1", 200, 250, 0, true);
  place(world, "target", 500, 250);
  const input = botInput(world, bot);
  assert.equal(input.fire, true);
  assert.ok(Math.abs(input.aim) < 0.1);
});

test("a bot does not fire through a wall", () => {
  const world = arena("playing");
  const bot = place(world, "bot-1", 1500, 800, 0, true);
  place(world, "target", 1500, 1150); // behind the centre box's top wall
  assert.equal(botInput(world, bot).fire, false);
});

test("a lone wandering bot never stays stuck: it walks 300+ units in every 3 s and roams the map", () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const world = botWorld(seed, 1);
    const bot = world.players.get("bot-1")!;
    const cells = new Set<string>();
    let walked = 0;
    for (let i = 1; i <= 30 * 120; i++) {
      const [x, y] = [bot.x, bot.y];
      step(world, NO_INPUT);
      walked += Math.hypot(bot.x - x, bot.y - y);
      cells.add(`${Math.floor(bot.x / 1000)},${Math.floor(bot.y / 1000)}`);
      if (i % 90 === 0) {
        assert.ok(walked > 300, `seed ${seed}: walked ${walked.toFixed(1)} in the 3 s before step ${i}`);
        walked = 0;
      }
    }
    assert.ok(cells.size >= 5, `seed ${seed}: visited ${cells.size} of 9 map ninths`);
  }
});

test("a hurt bot with no enemy in sight heads for the nearest health pack", () => {
  const world = arena("playing");
  const pack = world.pickups.get("pickup-2")!; // (850, 850)
  const bot = place(world, "bot-1", 850, 1400, 0, true);
  place(world, "far", 2900, 2900);
  bot.hp = 25;
  const input = botInput(world, bot);
  assert.ok(Math.abs(input.dx) < 1e-9 && input.dy < -0.99, `toward ${pack.x},${pack.y}`);
});
