import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  FIRE_COOLDOWN_MS,
  HIT_DAMAGE,
  MAX_HP,
  PICKUP_HEAL,
  PICKUP_RESPAWN_MS,
  PLAYER_RADIUS,
  PROJECTILE_LIFE_MS,
  RESPAWN_MS,
  SPAWN_POINTS,
  STEP_MS,
} from "../../src/sim/index.ts";
import {
  Pilot,
  bodyOf,
  createArena,
  joinArena,
  patches,
  place,
  skipCountdown,
  until,
  useArenaServer,
  worldOf,
  type ArenaClient,
} from "./arena-support.ts";

const ctx = useArenaServer();

/** Two players in a match (`playing`), standing 200 units apart in the open top lane, A facing B. */
async function duel(options: object = {}): Promise<{ a: ArenaClient; b: ArenaClient; shooter: Pilot }> {
  const a = await createArena(ctx.server, { name: "alice", ...options });
  const b = await joinArena(ctx.server, a.roomId, { name: "bob" });
  await skipCountdown(ctx.server, a);
  place(ctx.server, a, 1000, 250);
  place(ctx.server, a, 1200, 250, b.sessionId);
  await until(a, () => a.state.players.get(b.sessionId)?.x === 1200 && a.state.players.get(a.sessionId)?.x === 1000, "placed");
  // Shots are judged against what the shooter saw, and the rewind blends the samples either side of
  // a teleport: let A see B standing there for a few patches first.
  await patches(a, 3);
  return { a, b, shooter: new Pilot(a) };
}

describe("arena combat: firing", () => {
  test("fire launches a projectile along the aim from the shooter's edge, in warm-up too", async () => {
    const room = await createArena(ctx.server);
    const pilot = new Pilot(room);
    place(ctx.server, room, 1500, 250);
    const seq = pilot.send({ aim: 0, fire: true });
    const [id, shot] = await until(room, () => [...room.state.projectiles.entries()][0], "a projectile");
    pilot.send({ fire: false });
    assert.equal(room.state.phase, "waiting");
    assert.equal(pilot.player().lastInput, seq);
    assert.match(id, /^p\d+$/);
    assert.deepEqual(
      { ownerId: shot.ownerId, x: shot.x, y: shot.y, angle: shot.angle },
      { ownerId: room.sessionId, x: 1500 + PLAYER_RADIUS, y: 250, angle: 0 },
    );
    assert.equal(shot.firedAt, room.state.serverTime);
  });

  test(`a held trigger fires at most once per ${FIRE_COOLDOWN_MS} ms`, async () => {
    const room = await createArena(ctx.server);
    const pilot = new Pilot(room);
    place(ctx.server, room, 200, 250);
    const shots = new Map<string, number>();
    room.onStateChange(() => {
      for (const [id, p] of room.state.projectiles) if (p.ownerId === room.sessionId) shots.set(id, p.firedAt);
    });
    await pilot.hold({ aim: 0, fire: true }, 30);
    pilot.send({ fire: false });
    const times = [...shots.values()].sort((x, y) => x - y);
    assert.ok(times.length >= 4 && times.length <= 5, `${times.length} shots in 30 steps`);
    for (let i = 1; i < times.length; i++) {
      const gap = times[i]! - times[i - 1]!;
      assert.ok(gap >= FIRE_COOLDOWN_MS && gap < FIRE_COOLDOWN_MS + STEP_MS, `gap ${gap}`);
    }
  });

  test(`a projectile lives ${PROJECTILE_LIFE_MS} ms`, async () => {
    const room = await createArena(ctx.server);
    const pilot = new Pilot(room);
    place(ctx.server, room, 200, 250);
    pilot.send({ aim: 0, fire: true });
    pilot.send({ fire: false });
    const [id, shot] = await until(room, () => [...room.state.projectiles.entries()][0], "a projectile");
    const goneAt = await until(room, () => !room.state.projectiles.has(id) && room.state.serverTime, "expired", 2000);
    const life = goneAt - shot.firedAt;
    assert.ok(life >= PROJECTILE_LIFE_MS && life <= PROJECTILE_LIFE_MS + 2 * STEP_MS, `lived ${life} ms`);
  });
});

describe("arena combat: hits, kills and respawn", () => {
  test(`a hit does ${HIT_DAMAGE} damage and removes the projectile`, async () => {
    const { a, b, shooter } = await duel();
    shooter.send({ aim: 0, fire: true });
    shooter.send({ fire: false });
    await until(a, () => a.state.players.get(b.sessionId).hp !== MAX_HP, "hit", 2000);
    const target = a.state.players.get(b.sessionId);
    assert.equal(target.hp, MAX_HP - HIT_DAMAGE);
    assert.equal(target.alive, true);
    assert.equal(b.state.players.get(b.sessionId).hp, MAX_HP - HIT_DAMAGE);
    assert.equal(a.state.projectiles.size, 0);
    assert.equal(worldOf(ctx.server, a).projectiles.size, 0);
    assert.equal(a.state.players.get(a.sessionId).score, 0);
  });

  test(`a kill: alive=false, deaths+1, the shooter's kills+1 and score+1; back after ${RESPAWN_MS} ms with full hp`, async () => {
    const { a, b, shooter } = await duel();
    bodyOf(ctx.server, a, b.sessionId).hp = HIT_DAMAGE;
    shooter.send({ aim: 0, fire: true });
    shooter.send({ fire: false });
    const diedAt = await until(a, () => !a.state.players.get(b.sessionId).alive && a.state.serverTime, "kill", 2000);
    const victim = a.state.players.get(b.sessionId);
    const killer = a.state.players.get(a.sessionId);
    assert.deepEqual({ hp: victim.hp, deaths: victim.deaths, kills: victim.kills, score: victim.score }, { hp: 0, deaths: 1, kills: 0, score: 0 });
    assert.deepEqual({ kills: killer.kills, score: killer.score, deaths: killer.deaths }, { kills: 1, score: 1, deaths: 0 });

    // It may respawn out of A's sight: B watches its own return.
    const own = () => b.state.players.get(b.sessionId);
    await until(b, () => !own().alive, "B sees its death");
    const backAt = await until(b, () => own().alive && b.state.serverTime, "respawn", RESPAWN_MS + 1500);
    assert.equal(backAt - diedAt, RESPAWN_MS);
    const me = own();
    assert.equal(me.hp, MAX_HP);
    assert.equal(me.deaths, 1, "the death is kept");
    assert.ok(SPAWN_POINTS.some((p) => p.x === me.x && p.y === me.y), "respawned at a spawn point");
  });

  test("in warm-up (waiting) a kill scores nothing: the victim dies but no death is counted", async () => {
    // Two players would start a countdown, so the warm-up kill comes from a shooter who has left:
    // its projectile keeps flying and lands on the next player to arrive.
    const a = await createArena(ctx.server);
    const spectator = await joinArena(ctx.server, a.roomId, { spectator: true });
    const world = worldOf(ctx.server, a);
    place(ctx.server, a, 200, 250);
    new Pilot(a).send({ aim: 0, fire: true });
    await until(spectator, () => spectator.state.projectiles.size === 1, "projectile");
    await a.leave();
    const b = await joinArena(ctx.server, a.roomId);
    const shot = [...world.projectiles.values()][0]!;
    const victim = place(ctx.server, b, shot.x + 150, 250);
    victim.hp = HIT_DAMAGE;
    await until(b, () => b.state.players.get(b.sessionId)?.alive === false, "killed", 2000);
    assert.equal(b.state.phase, "waiting");
    const me = b.state.players.get(b.sessionId);
    assert.deepEqual({ hp: me.hp, deaths: me.deaths, score: me.score }, { hp: 0, deaths: 0, score: 0 });
  });
});

describe("arena combat: health packs", () => {
  test(`a hurt player takes a pack (+${PICKUP_HEAL} hp, capped at ${MAX_HP}); it is back ${PICKUP_RESPAWN_MS / 1000} s later`, async () => {
    const room = await createArena(ctx.server);
    const world = worldOf(ctx.server, room);
    const pack = world.pickups.get("pickup-2")!; // in the top-left fort's pocket
    const me = place(ctx.server, room, pack.x, pack.y);
    const seen = () => room.state.pickups.get("pickup-2");
    await until(room, () => room.state.players.get(room.sessionId).x === pack.x && seen(), "standing on the pack");
    await patches(room, 2);
    assert.equal(seen().active, true, "a player at full hp leaves the pack");

    me.hp = 25;
    await until(room, () => !seen().active, "taken");
    assert.equal(room.state.players.get(room.sessionId).hp, 25 + PICKUP_HEAL);
    const takenAt = pack.respawnAt - PICKUP_RESPAWN_MS;
    assert.ok(takenAt <= room.state.serverTime && takenAt > room.state.serverTime - 3 * STEP_MS, "back in 15 s");

    me.hp = 60;
    pack.respawnAt = world.time; // fast-forward the 15 s
    await until(room, () => room.state.players.get(room.sessionId).hp === MAX_HP, "healed to the cap");
    assert.equal(seen().active, false, "taken again at once");
  });
});
