import { performance } from "node:perf_hooks";
import { LatencyHistogram, type LatencySummary } from "./latency.ts";

/**
 * Drives closed-loop round trips over many connections: each client sends its
 * next request as soon as the answer to the previous one arrives, but never
 * more than `maxPerSecond` a second (a real client's pace, and under Arena's
 * per-client rate limit). Clients start at random phases so they do not
 * arrive in lock-step. After a warm-up, it measures for `durationMs`: round
 * trips whose request went out and whose answer came back inside that window
 * count, with their latency.
 */
export async function runRoundTrips(exchanges: Exchange[], options: RoundTripOptions): Promise<RoundTripStats> {
  const interval = 1000 / options.maxPerSecond;
  const requestTimeoutMs = options.requestTimeoutMs ?? 5000;
  const histogram = new LatencyHistogram();
  const refused: Record<string, number> = {};
  let phase: "warmup" | "measure" | "drain" | "done" = "warmup";
  let measureStart = 0;
  let roundTrips = 0;
  let timeouts = 0;
  let dropped = 0;

  const clients: PacedClient[] = exchanges.map((exchange) => ({ exchange, seq: 0, sentAt: -Infinity, inFlight: false, alive: true }));

  const send = (client: PacedClient) => {
    client.timer = undefined;
    if (phase === "drain" || phase === "done" || !client.alive || client.inFlight) return;
    const now = performance.now();
    const wait = client.sentAt + interval - now;
    // Timers may fire a little early; never exceed the pace.
    if (wait > 0) {
      client.timer = setTimeout(send, wait, client);
      return;
    }
    client.seq++;
    client.inFlight = true;
    client.sentAt = now;
    client.exchange.send(client.seq);
  };

  const settle = (client: PacedClient) => {
    client.inFlight = false;
    send(client);
  };

  for (const client of clients) {
    client.exchange.listen({
      answered: (seq) => {
        if (phase === "done" || !client.inFlight || seq !== client.seq) return;
        if (phase === "measure" && client.sentAt >= measureStart) {
          histogram.record(performance.now() - client.sentAt);
          roundTrips++;
        }
        settle(client);
      },
      refused: (reason) => {
        if (phase === "done" || !client.inFlight) return;
        if (phase === "measure") refused[reason] = (refused[reason] ?? 0) + 1;
        settle(client);
      },
      dropped: () => {
        if (phase === "done" || !client.alive) return;
        client.alive = false;
        client.inFlight = false;
        if (phase === "measure") dropped++;
      },
    });
  }

  // An answer that never comes (lost, or refused without notice) must not stall its client.
  const sweep = setInterval(() => {
    const now = performance.now();
    for (const client of clients) {
      if (client.inFlight && now - client.sentAt > requestTimeoutMs) {
        if (phase === "measure") timeouts++;
        settle(client);
      }
    }
  }, 250);

  for (const client of clients) client.timer = setTimeout(send, Math.random() * interval, client);

  await sleep(options.warmupMs);
  phase = "measure";
  measureStart = performance.now();
  const cpuStart = process.cpuUsage();
  const loopStart = performance.eventLoopUtilization();
  options.report?.({ name: "measure-start" });

  await sleep(options.durationMs);
  phase = "drain";
  const measuredMs = performance.now() - measureStart;
  const cpu = process.cpuUsage(cpuStart);
  const loop = performance.eventLoopUtilization(loopStart);
  options.report?.({ name: "measure-end" });

  for (const client of clients) clearTimeout(client.timer);
  // Let answers in flight arrive so clients leave a quiet server.
  const drainUntil = performance.now() + (options.drainMs ?? 2000);
  while (clients.some((c) => c.inFlight && c.alive) && performance.now() < drainUntil) await sleep(20);
  const unanswered = clients.filter((c) => c.inFlight && c.alive).length;
  phase = "done";
  clearInterval(sweep);

  return {
    clients: exchanges.length,
    measuredMs: Math.round(measuredMs),
    roundTrips,
    roundTripsPerSecond: round1((roundTrips * 1000) / measuredMs),
    offeredPerSecond: round1(exchanges.length * options.maxPerSecond),
    latency: histogram.summary(),
    refused,
    timeouts,
    dropped,
    unanswered,
    loadGenerator: {
      cpu: round3((cpu.user + cpu.system) / 1000 / measuredMs),
      eventLoopUtilization: round3(loop.utilization),
    },
  };
}

/** One client connection as the round-trip loop sees it. */
export interface Exchange {
  /** Sends request number `seq` (1, 2, 3, … per connection). */
  send(seq: number): void;
  /** Called once, before the first send. */
  listen(events: ExchangeEvents): void;
}

export interface ExchangeEvents {
  /** The answer to request `seq` arrived. */
  answered(seq: number): void;
  /** The server refused the request in flight (e.g. `rate_limited`). */
  refused(reason: string): void;
  /** The connection closed. */
  dropped(reason: string): void;
}

export interface RoundTripOptions {
  maxPerSecond: number;
  warmupMs: number;
  durationMs: number;
  /** Longest wait for answers in flight when the window closes. */
  drainMs?: number;
  /** A request unanswered this long counts as timed out and its client moves on. */
  requestTimeoutMs?: number;
  report?: (event: { name: string }) => void;
}

export interface RoundTripStats {
  clients: number;
  measuredMs: number;
  roundTrips: number;
  roundTripsPerSecond: number;
  /** clients × maxPerSecond: the most the pacing allows. */
  offeredPerSecond: number;
  latency: LatencySummary;
  /** Refusals inside the window, by reason. */
  refused: Record<string, number>;
  timeouts: number;
  dropped: number;
  /** Requests still unanswered after the drain. */
  unanswered: number;
  /** Share of one core the load generator used, and how busy its event loop was: near 1 means it, not the server, set the pace. */
  loadGenerator: { cpu: number; eventLoopUtilization: number };
}

interface PacedClient {
  exchange: Exchange;
  seq: number;
  sentAt: number;
  inFlight: boolean;
  alive: boolean;
  timer?: NodeJS.Timeout;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
