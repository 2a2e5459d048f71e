import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import { FIRE_COOLDOWN_MS, MAX_REPEATS_OWED, PLAYER_RADIUS, PLAYER_SPEED, STEP_HZ, WALLS, wrapAngle } from "../../src/sim/index.ts";
import { registry } from "../../src/observability/metrics.ts";
import {
  Pilot,
  createArena,
  joinArena,
  patches,
  place,
  serverRoom,
  until,
  useArenaServer,
  type ArenaClient,
  type InputFields,
} from "./arena-support.ts";

const ctx = useArenaServer();

/** Units a free player moves in one step of held input. */
const STEP_DISTANCE = PLAYER_SPEED / STEP_HZ;

/** A lone player (the room stays in warm-up) standing at (x, y) in the open top lane, and its input stream. */
async function lonePlayer(x = 300, y = 250): Promise<{ room: ArenaClient; pilot: Pilot }> {
  const room = await createArena(ctx.server);
  const pilot = new Pilot(room);
  place(ctx.server, room, x, y);
  await until(room, () => pilot.player()?.x === x && pilot.player()?.y === y, "placed");
  return { room, pilot };
}

/**
 * Sends one input and lets the room repeat it (held keys): how far the player moved over the next
 * patches, and in how many steps (state positions and tick come from the same patch).
 */
async function stepsOf(room: ArenaClient, pilot: Pilot, fields: InputFields): Promise<{ dx: number; dy: number; steps: number }> {
  const seq = pilot.send(fields);
  const from = await until(room, () => pilot.player().lastInput === seq && { x: pilot.player().x, y: pilot.player().y, tick: room.state.tick }, "applied");
  await patches(room, 8);
  const me = pilot.player();
  return { dx: me.x - from.x, dy: me.y - from.y, steps: room.state.tick - from.tick };
}

describe("arena input: movement", () => {
  test("thirty inputs of dx:1 move a free player 300 ± 30 units along x", async () => {
    const { pilot } = await lonePlayer();
    await pilot.hold({ dx: 1 }, 30);
    const me = pilot.player();
    assert.ok(Math.abs(me.x - 300 - 300) <= 30, `moved ${me.x - 300}`);
    assert.equal(me.y, 250);
    // Releasing the key stops the player.
    const stop = pilot.send({ dx: 0 });
    await until(pilot.client, () => pilot.player().lastInput === stop, "release applied");
    const stoppedAt = pilot.player().x;
    await patches(pilot.client, 3);
    assert.equal(pilot.player().x, stoppedAt);
  });

  test("a diagonal is not faster than an axis: dx:1, dy:1 covers 10 units a step, 7.07 along each axis", async () => {
    const { pilot, room } = await lonePlayer(1200, 100);
    const moved = await stepsOf(room, pilot, { dx: 1, dy: 1 });
    assert.ok(Math.abs(Math.hypot(moved.dx, moved.dy) - STEP_DISTANCE * moved.steps) <= 1, JSON.stringify(moved));
    assert.ok(Math.abs(moved.dx - moved.dy) <= 1, JSON.stringify(moved));
  });

  for (const [label, fields, perStep] of [
    ["dx:5 moves like dx:1", { dx: 5 }, { x: STEP_DISTANCE, y: 0 }],
    ["dx:-3 moves like dx:-1", { dx: -3 }, { x: -STEP_DISTANCE, y: 0 }],
    ["dy:1e9 moves like dy:1", { dy: 1e9 }, { x: 0, y: STEP_DISTANCE }],
    ["a NaN dx counts as 0 (dy still applies)", { dx: Number.NaN, dy: 1 }, { x: 0, y: STEP_DISTANCE }],
  ] as const) {
    test(`values are clamped to -1..1: ${label}`, async () => {
      const { pilot, room } = await lonePlayer(1500, 150);
      const moved = await stepsOf(room, pilot, fields);
      assert.deepEqual({ dx: moved.dx, dy: moved.dy }, { dx: perStep.x * moved.steps, dy: perStep.y * moved.steps });
    });
  }

  test("aim wraps to -π..π in Player.angle (10 rad arrives as 10 − 4π, to the byte's precision)", async () => {
    // Player.angle travels as one byte: within half of a 2π/256 step of the applied aim.
    const precision = Math.PI / 256;
    const { pilot } = await lonePlayer();
    await pilot.hold({ aim: 10 }, 1);
    const angle = pilot.player().angle;
    assert.ok(angle >= -Math.PI && angle < Math.PI, `angle ${angle}`);
    assert.ok(Math.abs(angle - wrapAngle(10)) <= precision, `angle ${angle}, expected ${wrapAngle(10)}`);
    await pilot.hold({ aim: -10 }, 1);
    assert.ok(Math.abs(pilot.player().angle - wrapAngle(-10)) <= precision);
  });

  test("a step with no input repeats the latest: one dx:1 input keeps the player moving 10 units a step", async () => {
    const { pilot, room } = await lonePlayer();
    const seq = pilot.send({ dx: 1 });
    const start = await until(room, () => pilot.player().lastInput === seq && { x: pilot.player().x, tick: room.state.tick }, "applied");
    await patches(room, 10);
    const me = pilot.player();
    assert.equal(me.lastInput, seq);
    assert.equal(me.x - start.x, STEP_DISTANCE * (room.state.tick - start.tick));
  });
});

describe("arena input: walls and edges", () => {
  test("the world's edge stops a player with its whole circle inside", async () => {
    const { pilot, room } = await lonePlayer(60, 60);
    pilot.send({ dx: -1, dy: -1 }); // held into the corner
    await until(room, () => pilot.player().x === PLAYER_RADIUS && pilot.player().y === PLAYER_RADIUS, "in the corner");
    await patches(room, 3);
    assert.deepEqual({ x: pilot.player().x, y: pilot.player().y }, { x: PLAYER_RADIUS, y: PLAYER_RADIUS });
  });

  test("a wall stops a player at its face", async () => {
    // The top-left fort's top wall spans x 500–1000 from y = 500.
    const wall = WALLS.find((w) => w.x === 500 && w.y === 500 && w.width > w.height)!;
    const { pilot } = await lonePlayer(700, 400);
    await pilot.hold({ dy: 1 }, 15);
    assert.equal(pilot.player().y, wall.y - PLAYER_RADIUS);
    assert.equal(pilot.player().x, 700);
  });
});

describe("arena input: sequence numbers and acknowledgement", () => {
  test("lastInput reports the last applied seq and the SDK's input ack catches up with what was sent", async () => {
    const room = await createArena(ctx.server);
    const pilot = new Pilot(room, {}, 1000);
    const last = await pilot.hold({ dx: 0.5 }, 5);
    assert.equal(last, 1004);
    assert.equal(pilot.player().lastInput, 1004);
    await until(room, () => pilot.handle.lastProcessed === pilot.handle.sentCount, "ack");
    assert.equal(pilot.handle.lastProcessed, 5);
  });

  test("a duplicate or stale seq is dropped: it moves no one and lastInput never goes back", async () => {
    const { pilot, room } = await lonePlayer(1000, 250);
    const held = pilot.send({ dx: 1 }); // seq 1, held
    await until(room, () => pilot.player().lastInput === held, "first input applied");

    const handle = pilot.handle;
    handle.data.dx = -1;
    handle.data.seq = held; // a duplicate
    handle.send();
    handle.data.seq = held - 1; // a stale one
    handle.send();
    let x = pilot.player().x;
    for (let i = 0; i < 8; i++) {
      await patches(room, 1);
      const me = pilot.player();
      assert.equal(me.lastInput, held, "lastInput changed");
      assert.ok(me.x >= x, `moved back from ${x} to ${me.x}`);
      x = me.x;
    }
    // The next fresh seq is applied, and the SDK's ack counts the dropped inputs as consumed.
    pilot.seq = held;
    const fresh = pilot.send({ dx: 0 });
    await until(room, () => pilot.player().lastInput === fresh, "fresh seq applied");
    await until(room, () => handle.lastProcessed === handle.sentCount, "ack caught up", 1000);
  });

  test("steps that repeated moving keys are owed: the movement of as many later inputs is passed over, arriving alone or together, their shots kept", async () => {
    const { pilot, room } = await lonePlayer(300, 250);
    const world = serverRoom(ctx.server, room);
    const shots = () => [...world.state.projectiles].filter(([, shot]) => shot.ownerId === room.sessionId).map(([id]) => id);
    const held = pilot.send({ dx: 1 });
    await until(room, () => pilot.player().lastInput === held, "first input applied");
    const repeatsBefore = await inputRepeats();
    // Steps with no new input repeat the held keys, each owed, up to the cap: the owed count is then known.
    await until(room, () => pilot.player().repeatsOwed === MAX_REPEATS_OWED, "owed up to the cap");
    assert.ok((await inputRepeats()) >= repeatsBefore + MAX_REPEATS_OWED, "the repeats are counted in arena_input_repeats_total");

    // One late input, arriving alone: its step stands still, since a repeat already moved the player for it.
    let from = { x: pilot.player().x, tick: room.state.tick };
    const alone = pilot.send({ dx: -1, fire: true });
    let at = await until(room, () => pilot.player().lastInput === alone && { x: pilot.player().x, tick: room.state.tick, owed: pilot.player().repeatsOwed }, "alone applied");
    assert.equal(at.x - from.x, STEP_DISTANCE * (at.tick - from.tick - 1), "every step repeated dx:1 but the one that took the late input");
    assert.equal(at.owed, MAX_REPEATS_OWED - 1, "one fewer step owed");
    const firstShots = shots();
    assert.equal(firstShots.length, 1, "the passed-over input's shot was fired");

    // Two arriving together while owed: both taken in one step, neither moves the player.
    // The dx:-1 repeats owe again; waiting out the fire cooldown lets the next trigger shoot.
    await patches(room, Math.ceil((FIRE_COOLDOWN_MS / 1000) * STEP_HZ) + 1);
    assert.equal(pilot.player().repeatsOwed, MAX_REPEATS_OWED, "owed up to the cap again");
    const seen: number[] = [];
    room.onStateChange(() => seen.push(pilot.player().lastInput));
    from = { x: pilot.player().x, tick: room.state.tick };
    const late = pilot.send({ dx: 1, fire: true });
    const next = pilot.send({ dx: 1 });
    at = await until(room, () => pilot.player().lastInput === next && { x: pilot.player().x, tick: room.state.tick, owed: pilot.player().repeatsOwed }, "both applied");
    assert.ok(!seen.includes(late), `the late input was taken on its own (acks seen: ${seen.join(", ")})`);
    assert.equal(from.x - at.x, STEP_DISTANCE * (at.tick - from.tick - 1), "every step repeated dx:-1 but the one that took both");
    assert.equal(at.owed, MAX_REPEATS_OWED - 2, "two fewer steps owed");
    assert.ok(shots().some((id) => !firstShots.includes(id)), "the passed-over input's shot was fired");
    await until(room, () => pilot.handle.lastProcessed === pilot.handle.sentCount, "ack");
  });

  test("an input that comes early is not left waiting: two arriving in one step with nothing owed are both applied, and the player gains no step", async () => {
    const { pilot, room } = await lonePlayer(300, 250);
    const seen: Array<{ seq: number; tick: number; x: number }> = [];
    room.onStateChange(() => {
      const me = pilot.player();
      if (me.lastInput > 0) seen.push({ seq: me.lastInput, tick: room.state.tick, x: me.x });
    });
    let last = 0;
    for (let i = 0; i < 6; i++) last = pilot.send({ dx: 1 });
    const done = await until(room, () => pilot.player().lastInput === last && room.state.tick, "all applied");
    await until(room, () => room.state.tick >= done + 3, "3 more steps");
    const [first] = seen;
    assert.equal(first!.seq, 2, `the first step applied only seq ${first!.seq}`);
    assert.equal(first!.x, 300 + 2 * STEP_DISTANCE, "the player moves for both inputs of the step that caught up");
    for (const at of seen.filter((patch) => patch.tick <= done)) {
      assert.ok(at.seq - first!.seq <= at.tick - first!.tick, `seq ${at.seq} at tick ${at.tick}: more than one step ahead (${JSON.stringify(seen)})`);
      assert.equal(at.x, 300 + at.seq * STEP_DISTANCE, "each applied input moves the player once, none twice, none skipped");
    }
    // With no input left, the next step is the one whose input the catch-up already took: it stands
    // still, and the steps after it repeat the held keys.
    for (const at of seen.filter((patch) => patch.tick > done)) {
      assert.equal(at.x, 300 + (6 + at.tick - done - 1) * STEP_DISTANCE, `at tick ${at.tick} (${JSON.stringify(seen)})`);
    }
    await until(room, () => pilot.handle.lastProcessed === pilot.handle.sentCount, "ack");
  });

  test("the trigger of an input a step caught up on fires once: the held keys repeat without it", async () => {
    const { pilot, room } = await lonePlayer(300, 250);
    const world = serverRoom(ctx.server, room);
    pilot.send({ dx: 1, fire: true });
    const last = pilot.send({ dx: 1, fire: false });
    const from = await until(room, () => pilot.player().lastInput === last && room.state.tick, "both applied");
    // Past the 250 ms fire cooldown: a repeat that still held the trigger would have fired again.
    await until(room, () => room.state.tick >= from + 12, "12 more steps");
    const shots = [...world.state.projectiles.values()].filter((shot) => shot.ownerId === room.sessionId);
    assert.equal(shots.length, 1, "the caught-up input's shot is fired, and only once");
  });

  test("steps an overloaded room dropped are owed: the inputs sent meanwhile do not queue up behind the later ones", async () => {
    const { pilot, room } = await lonePlayer(300, 250);
    const first = pilot.send({ dx: 1 });
    await until(room, () => pilot.player().lastInput === first, "first input applied");
    const droppedBefore = await metricValue("arena_steps_dropped_total");
    // Blocks the whole process, room included, past the 5 steps a late room may catch up on.
    const stallUntil = performance.now() + 10 * (1000 / STEP_HZ);
    while (performance.now() < stallUntil);
    // What the client sent for the missed steps arrives all at once.
    let last = first;
    for (let i = 0; i < 8; i++) last = pilot.send({ dx: 1 });
    const sentAt = room.state.tick;
    const appliedAt = await until(room, () => pilot.player().lastInput === last && room.state.tick, "all applied");
    assert.ok((await metricValue("arena_steps_dropped_total")) >= droppedBefore + 5, "the dropped steps are counted in arena_steps_dropped_total");
    // One input per step would take 8 steps; passing over the owed ones halves that.
    assert.ok(appliedAt - sentAt <= 6, `8 inputs took ${appliedAt - sentAt} steps`);
  });

  test("flooding 50 inputs at once gains nothing: only the buffer's 8 newest are applied, one per step", async () => {
    const { pilot, room } = await lonePlayer(300, 250);
    const applied: Array<{ seq: number; tick: number }> = [];
    room.onStateChange(() => {
      const seq = pilot.player()?.lastInput;
      if (seq && applied[applied.length - 1]?.seq !== seq) applied.push({ seq, tick: room.state.tick });
    });
    for (let i = 0; i < 49; i++) pilot.send({ dx: 1 });
    const last = pilot.send({ dx: 0 });
    await until(room, () => pilot.player().lastInput === last, "flood drained");
    await patches(room, 2);
    const moved = pilot.player().x - 300;
    assert.ok(moved <= 7 * STEP_DISTANCE, `moved ${moved}`);
    const first = applied[0]!;
    assert.ok(first.seq >= last - 7, `first applied ${first.seq}`);
    for (const { seq, tick } of applied) assert.ok(seq - first.seq <= tick - first.tick, "more than one input in a step");
    await until(room, () => pilot.handle.lastProcessed === 50, "ack");
  });
});

describe("arena input: bad input", () => {
  test("chat-style messages are ignored: no reply, nothing changes, the client stays", async () => {
    const { pilot, room } = await lonePlayer();
    const replies: unknown[] = [];
    room.onMessage("*", (type: unknown, payload: unknown) => replies.push([type, payload]));
    room.send("say", { text: "hello" });
    room.send("echo", "hello");
    room.send("teleport", { x: 2000, y: 2000 });
    room.send(42, "numeric type");
    // Messages and inputs share one ordered socket: once this input is applied, the messages were handled.
    await pilot.hold({ dx: 0 }, 1);
    assert.deepEqual(replies, []);
    const me = pilot.player();
    assert.equal(me.x, 300);
    assert.equal(me.y, 250);
    assert.ok(room.connection.isOpen);
  });

  test("garbage input frames never crash or freeze the room: the sender is dropped or ignored, others play on", async () => {
    const bystander = await createArena(ctx.server, { maxPlayers: 64 });
    const bystanderPilot = new Pilot(bystander);
    const server = serverRoom(ctx.server, bystander);
    // 19 and 20 are the SDK's reliable/unreliable input frames; 0x80 marks a time-stamped one.
    const frames = [19, 20, 19 | 0x80, 20 | 0x80].flatMap((code) => [
      Uint8Array.from([code]),
      Uint8Array.from([code, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
      Uint8Array.from([code, 0x01, 0x80, 0x7f, 0xde, 0xad, 0xbe, 0xef]),
      Uint8Array.from([code, 0xc1, 0x00, 0x00, 0x00]),
    ]);
    for (const frame of frames) {
      const vandal = await joinArena(ctx.server, bystander.roomId);
      vandal.input(); // the handle exists, as for a real client
      vandal.connection.send(frame);
      // The room keeps stepping (a frozen process would deliver no more patches); the vandal's own
      // input stream may be spoilt, which is its problem.
      await patches(bystander, 2);
      if (vandal.connection.isOpen) await vandal.leave();
    }
    const seq = await bystanderPilot.hold({ dx: 1 }, 3);
    assert.equal(bystanderPilot.player().lastInput, seq);
    assert.ok(ctx.server.colyseus.getRoomById(bystander.roomId) === server, "the room lives on");
    const health = await fetch(`${ctx.server.url}/health`);
    assert.equal(health.status, 200);
  });
});

async function inputRepeats(): Promise<number> {
  return metricValue("arena_input_repeats_total");
}

/** A counter's total over all its labels, as this process's registry has it. */
async function metricValue(name: string): Promise<number> {
  const metric = await registry.getSingleMetric(name)!.get();
  return metric.values.reduce((sum, sample) => sum + sample.value, 0);
}
