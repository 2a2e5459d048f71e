import { ArraySchema, MapSchema, Schema, type } from "@colyseus/schema";

export class Member extends Schema {
  @type("string") name = "";
}

export class ChatMessage extends Schema {
  @type("uint32") id = 0;
  /** The sender's display name at the time of sending. */
  @type("string") from = "";
  @type("string") text = "";
  /** Server wall-clock time (ms since the epoch). */
  @type("float64") at = 0;
}

export class ChatState extends Schema {
  @type({ map: Member }) members = new MapSchema<Member>();
  @type([ChatMessage]) messages = new ArraySchema<ChatMessage>();
}
