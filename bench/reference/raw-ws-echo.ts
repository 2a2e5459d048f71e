import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";
import { MAX_FRAME_BYTES } from "../../src/rooms/rules.ts";

/**
 * The floor the echo scenario compares Arena against: the `ws` server Colyseus
 * itself runs on, with nothing between the socket and the handler. To do the
 * work a real echo does, not just bounce bytes, it decodes each frame (JSON
 * `[type, text]`), checks it like the chat room does (a string of 1..1000
 * characters), and encodes the answer `["echo", "Received: <text>"]` — in a
 * frame of the kind it received (text or binary). Anything else is answered
 * `["error", { code: "invalid_message" }]`.
 */
export async function startRawWsEcho(options: { host: string; port: number }): Promise<{ port: number; close(): Promise<void> }> {
  const wss = new WebSocketServer({
    host: options.host,
    port: options.port,
    // The same transport limits Arena configures.
    maxPayload: MAX_FRAME_BYTES,
    perMessageDeflate: false,
  });
  wss.on("connection", (socket) => {
    socket.on("message", (data, isBinary) => {
      socket.send(answer(data.toString()), { binary: isBinary });
    });
    socket.on("error", () => socket.terminate());
  });
  await new Promise<void>((resolve, reject) => {
    wss.once("listening", resolve);
    wss.once("error", reject);
  });
  return {
    port: (wss.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}

/** The reply to one frame's text. */
export function answer(frame: string): string {
  let message: unknown;
  try {
    message = JSON.parse(frame);
  } catch {
    return INVALID;
  }
  if (!Array.isArray(message) || message[0] !== "echo") return INVALID;
  const text = message[1];
  if (typeof text !== "string" || text.length < 1 || text.length > 1000) return INVALID;
  return JSON.stringify(["echo", `Received: ${text}`]);
}

const INVALID = JSON.stringify(["error", { code: "invalid_message" }]);
