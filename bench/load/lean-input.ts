/**
 * How a load client sends its input each step. Full clients go through the SDK as a game client does.
 * Lean clients write the very same bytes themselves and hand them to the SDK's connection: in the
 * load generator's CPU profile at 1,008 clients, sending inputs was over half of its time, and the
 * SDK's encoding (schema setters and change tracking behind the arena's `room.input()` handle,
 * msgpackr behind the naive room's `room.send`) about half of that on the arena and a third on the
 * naive room; the rest is the WebSocket write itself.
 * test/bench/lean-input.test.ts proves both encodings byte for byte against the SDK.
 */

/** One input: the fields of the arena's ArenaInput and of the naive room's "input" message. */
export interface InputFields {
  seq: number;
  dx: number;
  dy: number;
  aim: number;
  fire: boolean;
}

export type InputSender = (input: InputFields) => void;

/** A full client's input: the SDK encodes it (the `room.input()` handle on the arena, `room.send` on the naive room). */
export function sdkInputSender(room: any, target: "arena" | "naive"): InputSender {
  if (target === "naive") return (input) => room.send("input", input);
  const handle = room.input();
  return (input) => {
    const data = handle.data;
    data.seq = input.seq;
    data.dx = input.dx;
    data.dy = input.dy;
    data.aim = input.aim;
    data.fire = input.fire;
    handle.send();
  };
}

/** A lean client's input: the bytes the SDK would send, written here and sent on the SDK's connection. */
export function leanInputSender(room: any, target: "arena" | "naive"): InputSender {
  const connection = room.connection;
  if (target === "naive") {
    return (input) => {
      // The SDK queues a message sent while its connection is not open; leave that rare case to it.
      if (connection.isOpen) connection.send(encodeNaiveInput(input));
      else room.send("input", input);
    };
  }
  // A lean client's messages never reach the SDK, so its room clock never syncs and the SDK stamps
  // each input with a zero lag-compensation delta. A clock synced during the join would break that.
  if (room.clock.lastServerTime() !== 0) throw new Error("lean arena client: the room clock synced during the join; its inputs would carry real stamps");
  const frames = new ArenaInputFrames();
  return (input) => {
    frames.stage(input);
    // As the SDK's handle: nothing is sent while the connection is not open, and what changed waits for the next frame.
    if (connection.isOpen) connection.send(frames.next());
  };
}

/**
 * The arena's reliable input frames, as the SDK's `room.input()` handle writes them for a client whose
 * room clock has not synced: `[ROOM_INPUT_RELIABLE | TIMED][stamp delta 0]`, then the fields that
 * changed since the last frame, in field order, each `[field index | ADD][value]` (uint32 and float32
 * little-endian, boolean one byte). A field changes when it is set to a value other than the one it
 * held (`===`, as schema's setters compare); a fresh input has all five fields changed.
 */
export class ArenaInputFrames {
  private seq = 0;
  private dx = 0;
  private dy = 0;
  private aim = 0;
  private fire = false;
  private changed = ALL_FIELDS;

  stage(input: InputFields): void {
    if (input.seq !== this.seq) (this.seq = input.seq), (this.changed |= SEQ);
    if (input.dx !== this.dx) (this.dx = input.dx), (this.changed |= DX);
    if (input.dy !== this.dy) (this.dy = input.dy), (this.changed |= DY);
    if (input.aim !== this.aim) (this.aim = input.aim), (this.changed |= AIM);
    if (input.fire !== this.fire) (this.fire = input.fire), (this.changed |= FIRE);
  }

  /** The frame of what changed since the last one. A view of a buffer shared by all clients: send it at once (the WebSocket copies it). */
  next(): Uint8Array {
    const changed = this.changed;
    this.changed = 0;
    frame[0] = ROOM_INPUT_RELIABLE | TIMED;
    frame[1] = 0;
    let at = 2;
    if (changed & SEQ) (frame[at] = ADD | 0), frameView.setUint32(at + 1, this.seq, true), (at += 5);
    if (changed & DX) (frame[at] = ADD | 1), frameView.setFloat32(at + 1, this.dx, true), (at += 5);
    if (changed & DY) (frame[at] = ADD | 2), frameView.setFloat32(at + 1, this.dy, true), (at += 5);
    if (changed & AIM) (frame[at] = ADD | 3), frameView.setFloat32(at + 1, this.aim, true), (at += 5);
    if (changed & FIRE) (frame[at] = ADD | 4), (frame[at + 1] = this.fire ? 1 : 0), (at += 2);
    return frame.subarray(0, at);
  }
}

// @colyseus/shared-types Protocol.ROOM_INPUT_RELIABLE, ProtocolModifier.TIMED; @colyseus/schema OPERATION.ADD.
const ROOM_INPUT_RELIABLE = 0x13;
const TIMED = 0x80;
const ADD = 0x80;
const [SEQ, DX, DY, AIM, FIRE] = [1, 2, 4, 8, 16];
const ALL_FIELDS = SEQ | DX | DY | AIM | FIRE;
const frame = new Uint8Array(2 + 4 * 5 + 2);
const frameView = new DataView(frame.buffer);

/**
 * The naive room's "input" message, as the SDK's `room.send("input", input)` writes it: `[ROOM_DATA]`,
 * the type as a msgpack string, then the input packed by the SDK's msgpackr Packr, which writes every
 * message's record definition inline (`d4 72 40`, the five keys) before the five values.
 */
export function encodeNaiveInput(input: InputFields): Uint8Array {
  let at = naiveHeader.length;
  at = packNumber(input.seq, at);
  at = packNumber(input.dx, at);
  at = packNumber(input.dy, at);
  at = packNumber(input.aim, at);
  message[at++] = input.fire ? 0xc3 : 0xc2;
  return message.subarray(0, at);
}

/** msgpackr's number encoding for a Packr that writes records (0x40-0x7f are record ids, so only 0-0x3f are fixints). */
function packNumber(value: number, at: number): number {
  if (value >>> 0 === value) {
    if (value < 0x40) message[at++] = value;
    else if (value < 0x100) (message[at++] = 0xcc), (message[at++] = value);
    else if (value < 0x10000) (message[at++] = 0xcd), messageView.setUint16(at, value), (at += 2);
    else (message[at++] = 0xce), messageView.setUint32(at, value), (at += 4);
  } else if (value >> 0 === value) {
    if (value >= -0x20) message[at++] = 0x100 + value;
    else if (value >= -0x80) (message[at++] = 0xd0), (message[at++] = value + 0x100);
    else if (value >= -0x8000) (message[at++] = 0xd1), messageView.setInt16(at, value), (at += 2);
    else (message[at++] = 0xd2), messageView.setInt32(at, value), (at += 4);
  } else {
    (message[at++] = 0xcb), messageView.setFloat64(at, value), (at += 8);
  }
  return at;
}

// @colyseus/shared-types Protocol.ROOM_DATA.
const ROOM_DATA = 0x0d;
const naiveHeader = [ROOM_DATA, ...fixstr("input"), 0xd4, 0x72, 0x40, 0x90 | 5, ...["seq", "dx", "dy", "aim", "fire"].flatMap(fixstr)];
const message = new Uint8Array(naiveHeader.length + 4 * 9 + 1);
message.set(naiveHeader);
const messageView = new DataView(message.buffer);

function fixstr(text: string): number[] {
  return [0xa0 | text.length, ...Buffer.from(text, "ascii")];
}
