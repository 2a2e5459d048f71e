import { $values, type Schema } from "@colyseus/schema";
import type { Client } from "colyseus";

/**
 * Reads input frames straight into a client's input instance. Colyseus decodes every input frame with
 * the general schema Decoder: it looks each field up, writes it through its setter (which records a
 * change on an instance nothing ever encodes) and then sweeps for deleted references: 6 % of the
 * server's busy time at 304 bench clients, for five fields. The SDK's InputEncoder writes a flat input
 * as a run of `[ADD | field index][value]`, each value in the field type's fixed width; such a frame
 * is read here. Any other frame (a field deleted, a structure switch, an unknown index, a short
 * value) goes to Colyseus's decoder untouched, so what a malformed frame does is Colyseus's to decide.
 */
export class InputReader {
  /** Per field index: its value's width in bytes and how to read it (undefined: not a field). */
  private readonly widths: Array<number | undefined> = [];
  private readonly reads: Array<((bytes: Uint8Array, at: number) => number | boolean) | undefined> = [];

  constructor(type: typeof Schema) {
    const metadata = (type as unknown as { [Symbol.metadata]: Record<number, { type: unknown } | undefined> })[Symbol.metadata];
    for (let index = 0; metadata[index] !== undefined; index++) {
      const field = PRIMITIVES[String(metadata[index]!.type)];
      if (field === undefined) throw new Error(`InputReader: ${type.name} field ${index} is not a uint32, float32 or boolean`);
      this.widths[index] = field.width;
      this.reads[index] = field.read;
    }
  }

  /** Makes `client` read its input frames here first (after Colyseus allocated its decoder, at join). */
  attach(client: Client): void {
    const internals = client as unknown as { _input?: Schema; _inputDecoder?: { decode(bytes: Uint8Array): unknown } };
    const decoder = internals._inputDecoder;
    if (decoder === undefined || internals._input === undefined) return;
    const values = (internals._input as unknown as { [$values]: unknown[] })[$values];
    const general = decoder.decode.bind(decoder);
    internals._inputDecoder = {
      decode: (bytes) => {
        if (!this.read(bytes, values)) general(bytes);
      },
    };
  }

  /** Writes the frame's fields into `values` and returns true; false, writing nothing, for any other frame. */
  read(bytes: Uint8Array, values: unknown[]): boolean {
    let at = 0;
    while (at < bytes.length) {
      const operation = bytes[at]! & OPERATION_BITS;
      const width = this.widths[bytes[at]! & INDEX_BITS];
      if (operation !== ADD || width === undefined || at + 1 + width > bytes.length) return false;
      at += 1 + width;
    }
    for (at = 0; at < bytes.length; ) {
      const index = bytes[at]! & INDEX_BITS;
      values[index] = this.reads[index]!(bytes, at + 1);
      at += 1 + this.widths[index]!;
    }
    return true;
  }
}

// The operation byte: the operation in the top two bits, the field index in the low six.
const OPERATION_BITS = 0xc0;
const INDEX_BITS = 0x3f;
const ADD = 0x80;

// A float32 is read through its bits, as @colyseus/schema reads it.
const bits = new Int32Array(1);
const asFloat = new Float32Array(bits.buffer);

function int32(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24);
}

/** The fixed-width types ArenaInput uses, read as @colyseus/schema reads them (little-endian). */
const PRIMITIVES: Record<string, { width: number; read(bytes: Uint8Array, at: number): number | boolean }> = {
  boolean: { width: 1, read: (bytes, at) => bytes[at]! > 0 },
  uint32: { width: 4, read: (bytes, at) => int32(bytes, at) >>> 0 },
  float32: {
    width: 4,
    read: (bytes, at) => {
      bits[0] = int32(bytes, at);
      return asFloat[0]!;
    },
  },
};
