import { Schema, type } from "@colyseus/schema";

/** One input per fixed step, sent with the SDK's `room.input()` handle (PROTOCOL §3 `arena`). */
export class ArenaInput extends Schema {
  @type("uint32") seq = 0;
  @type("float32") dx = 0;
  @type("float32") dy = 0;
  @type("float32") aim = 0;
  @type("boolean") fire = false;
}
