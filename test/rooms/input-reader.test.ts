import { test } from "node:test";
import assert from "node:assert/strict";
import { $values } from "@colyseus/schema";
import { InputDecoder, InputEncoder } from "@colyseus/schema/input";
import { ArenaInput } from "../../src/schema/ArenaInput.ts";
import { InputReader } from "../../src/rooms/arena/inputReader.ts";
import { Random } from "../../src/sim/index.ts";

const reader = new InputReader(ArenaInput);

function fields(input: ArenaInput) {
  return { seq: input.seq, dx: input.dx, dy: input.dy, aim: input.aim, fire: input.fire };
}

function valuesOf(input: ArenaInput): unknown[] {
  return (input as unknown as { [$values]: unknown[] })[$values];
}

test("input frames from the SDK's encoder read as Colyseus's decoder reads them", () => {
  const rng = new Random(7);
  const random = () => rng.next();
  const sent = new ArenaInput();
  const encoder = new InputEncoder(sent, { mode: "reliable" });
  const decoded = new ArenaInput();
  const decoder = new InputDecoder(decoded);
  const read = new ArenaInput();
  for (let n = 1; n <= 500; n++) {
    // Each frame changes some of the fields (the encoder sends only those), seq always.
    sent.seq = n * 8_000_000; // up to 4e9: every byte of the uint32 counts, and its top bit
    if (random() < 0.5) sent.dx = [-1, 0, 1, Math.SQRT1_2, -0.3][rng.int(5)]!;
    if (random() < 0.5) sent.dy = random() * 2 - 1;
    if (random() < 0.7) sent.aim = random() * 2 * Math.PI - Math.PI;
    if (random() < 0.3) sent.fire = !sent.fire;
    const frame = encoder.encode().slice();
    decoder.decode(frame);
    assert.equal(reader.read(frame, valuesOf(read)), true, `frame ${n} was not read`);
    assert.deepEqual(fields(read), fields(decoded), `frame ${n}`);
  }
});

test("a frame that is not a run of plain field values is left to Colyseus's decoder, and nothing is written", () => {
  const input = new ArenaInput();
  input.seq = 5;
  const before = fields(input);
  const frames = {
    "a value cut short": [0x80, 1, 0, 0],
    "an unknown field": [0x85, 1],
    "a deleted field": [0x41],
    "a structure switch": [0xff, 0x00, 0x80, 1, 0, 0, 0],
    "a good field, then garbage": [0x80, 9, 0, 0, 0, 0x20],
  };
  for (const [label, bytes] of Object.entries(frames)) {
    assert.equal(reader.read(Uint8Array.from(bytes), valuesOf(input)), false, label);
    assert.deepEqual(fields(input), before, label);
  }
});

test("a room input type with a field it cannot read at a fixed width is refused at start-up", () => {
  class Named extends ArenaInput {}
  Object.defineProperty(Named, Symbol.metadata, { value: { 0: { name: "name", type: "string" } } });
  assert.throws(() => new InputReader(Named), /not a uint32, float32 or boolean/);
});
