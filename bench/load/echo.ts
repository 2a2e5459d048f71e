import { closeAll, connectAll } from "../lib/connect.ts";
import type { LoadFunction } from "../lib/load-main.ts";
import { runRoundTrips, type Exchange, type ExchangeEvents, type RoundTripStats } from "../lib/round-trips.ts";

/**
 * The client side of the echo scenario (bench/scenarios/echo.ts), run inside
 * a load-generator process: open the clients, drive paced round trips, leave.
 * Arena is driven by real @colyseus/sdk clients joining `chat`; the raw ws
 * reference by plain WebSockets of the same implementation the SDK uses.
 */

export type ClientKind = "colyseus-sdk" | "raw-ws";

/** How long all of a step's clients together may take to connect. */
export const CONNECT_BUDGET_MS = 60_000;

export interface EchoLoadArgs {
  url: string;
  client: ClientKind;
  clients: number;
  warmupMs: number;
  durationMs: number;
  maxPerSecond: number;
}

export type EchoLoadResult = RoundTripStats & { connectFailed: number; connectError?: string; connectMs: number };

/** Runs in the load generator (see load-main.ts): connect, drive round trips, leave. */
export const echoLoad: LoadFunction<EchoLoadArgs, EchoLoadResult> = async (args, report) => {
  const connect = args.client === "colyseus-sdk" ? await sdkConnector(args.url) : await rawConnector(args.url);
  const opened = await connectAll(args.clients, connect, {
    concurrency: CONNECT_CONCURRENCY,
    timeoutMs: CONNECT_BUDGET_MS,
    discard: (connection) => void connection.close().catch(() => {}),
  });
  if (opened.connected.length === 0) throw new Error(`no client could connect to ${args.url}: ${opened.firstError}`);
  try {
    const stats = await runRoundTrips(opened.connected, { ...args, report });
    return { ...stats, connectFailed: opened.failed, connectError: opened.firstError, connectMs: opened.ms };
  } finally {
    await closeAll(opened.connected, (connection) => connection.close(), 5000);
  }
};

interface EchoConnection extends Exchange {
  close(): Promise<unknown>;
}

const ECHO_TEXT = "ping ";
const ANSWER_PREFIX = `Received: ${ECHO_TEXT}`;
const CONNECT_CONCURRENCY = 50;

/** The request number an answer carries; NaN for anything else (ignored as not an answer). */
function answeredSeq(reply: unknown): number {
  return typeof reply === "string" && reply.startsWith(ANSWER_PREFIX) ? Number(reply.slice(ANSWER_PREFIX.length)) : NaN;
}

/** Real SDK clients: each joins `chat` (joinOrCreate spreads them over rooms of 200) and sends `echo`. */
async function sdkConnector(url: string): Promise<(index: number) => Promise<EchoConnection>> {
  const { Client } = await import("@colyseus/sdk");
  return async (index) => {
    const room = await new Client(url).joinOrCreate("chat", { name: `bench-${index}` });
    let events: ExchangeEvents | undefined;
    room.onMessage("echo", (reply: unknown) => events?.answered(answeredSeq(reply)));
    room.onMessage("error", (error: { code?: string } | undefined) => events?.refused(error?.code ?? "error"));
    room.onLeave((code: number) => events?.dropped(`left with code ${code}`));
    return {
      send: (seq) => room.send("echo", `${ECHO_TEXT}${seq}`),
      listen: (e) => void (events = e),
      close: () => room.leave(),
    };
  };
}

/** Plain WebSockets of the same implementation the SDK uses, speaking raw-ws-echo's JSON frames. */
async function rawConnector(url: string): Promise<(index: number) => Promise<EchoConnection>> {
  const wsUrl = url.replace(/^http/, "ws");
  const Socket: typeof WebSocket = globalThis.WebSocket ?? ((await import("ws")).default as unknown as typeof WebSocket);
  return (index) =>
    new Promise((resolve, reject) => {
      const socket = new Socket(wsUrl);
      let events: ExchangeEvents | undefined;
      socket.onerror = () => reject(new Error(`raw socket ${index} failed to open`));
      socket.onopen = () => {
        socket.onerror = null;
        resolve({
          send: (seq) => socket.send(JSON.stringify(["echo", `${ECHO_TEXT}${seq}`])),
          listen: (e) => void (events = e),
          close: () =>
            new Promise<void>((done) => {
              if (socket.readyState === socket.CLOSED) return done();
              socket.addEventListener("close", () => done());
              socket.close();
            }),
        });
      };
      socket.onmessage = (event) => {
        const [type, payload] = JSON.parse(String(event.data)) as [string, unknown];
        if (type === "echo") events?.answered(answeredSeq(payload));
        else events?.refused((payload as { code?: string } | undefined)?.code ?? type);
      };
      socket.onclose = (event) => events?.dropped(`closed with code ${event.code}`);
    });
}
