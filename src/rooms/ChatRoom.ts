import { Room, type Client } from "colyseus";
import { z } from "zod";
import { ChatMessage, ChatState, Member } from "../schema/ChatState.ts";
import { MessageGuard } from "./messageGuard.ts";
import { NAME_MAX, NAME_MIN, parseOptions } from "./joinOptions.ts";
import { reportRoomError, roomLogger } from "./roomLog.ts";
import { logger } from "../observability/logger.ts";

/** How many messages the synchronized history keeps. */
export const CHAT_HISTORY = 50;

const joinOptions = z.object({ name: z.string().min(NAME_MIN).max(NAME_MAX).optional() });
const echoPayload = z.string().min(1).max(1000);
const sayPayload = z.object({ text: z.string().min(1).max(500) });

/** Lobby chat plus the echo service (PROTOCOL §3 `chat`). */
export class ChatRoom extends Room<{ state: ChatState }> {
  // Every join sends the whole member list; a few hundred per room keeps joins cheap.
  maxClients = 200;
  state = new ChatState();
  private nextMessageId = 1;
  private log = logger;
  private readonly guard = new MessageGuard("chat", () => this.clock.currentTime);

  messages = {
    echo: this.guard.handle("echo", echoPayload, (client, text) => {
      client.send("echo", `Received: ${text}`);
    }),
    say: this.guard.handle("say", sayPayload, (client, { text }) => {
      const message = new ChatMessage();
      message.id = this.nextMessageId++;
      message.from = this.state.members.get(client.sessionId)?.name ?? "";
      message.text = text;
      message.at = Date.now();
      this.state.messages.push(message);
      while (this.state.messages.length > CHAT_HISTORY) this.state.messages.shift();
      client.send("ack", { id: message.id });
    }),
    "*": (client: Client, type: string | number) => this.guard.ignoreUnknown(client, String(type)),
  };

  onCreate() {
    this.log = roomLogger(this);
    this.log.info("chat created");
  }

  onAuth(_client: Client, options: unknown) {
    return parseOptions(joinOptions, options);
  }

  onJoin(client: Client, _options: unknown, auth: z.infer<typeof joinOptions>) {
    const member = new Member();
    member.name = auth.name ?? `guest-${client.sessionId.slice(0, 4)}`;
    this.state.members.set(client.sessionId, member);
    this.log.info({ sessionId: client.sessionId }, "joined");
  }

  onLeave(client: Client) {
    this.state.members.delete(client.sessionId);
    this.guard.forget(client);
    this.log.info({ sessionId: client.sessionId }, "left");
  }

  onDispose() {
    this.log.info("chat disposed");
  }

  onUncaughtException = reportRoomError(this);
}
