import { performance } from "node:perf_hooks";
import { MESSAGES_PER_SECOND } from "../../src/rooms/rules.ts";
import { CONNECT_BUDGET_MS, type ClientKind, type EchoLoadArgs, type EchoLoadResult } from "../load/echo.ts";
import { coreBusySeconds, pinnedCores, waitForQuietCores } from "../lib/machine.ts";
import { runLoad, startServer, type ServerHandle } from "../lib/processes.ts";
import { defineScenario } from "../lib/scenario.ts";
import { formatCount, formatMs, formatShare, formatTable } from "../lib/table.ts";
import { targets } from "../lib/targets.ts";

/**
 * Scenario "echo": N real clients each doing echo round trips back to back
 * (send, wait for the answer, send the next), against Arena's chat room
 * through @colyseus/sdk and against a raw `ws` echo server, at 100, 500 and
 * 1000 clients. Every client keeps under the chat room's per-client limit
 * (MESSAGES_PER_SECOND) — the product is measured as shipped — and the raw
 * server gets the same pace, so the two are compared like for like: achieved
 * round trips/s, latency, and the server CPU each one needed. The client
 * side is bench/load/echo.ts.
 */
export const echoScenario = defineScenario({
  name: "echo",
  title: "echo round trips: Arena chat room vs raw ws",
  run: (context) => runEcho({ ...echoOptions(context.quick), profileDir: context.profileDir, log: context.log }),
  format: formatEcho,
});

/** One under the limit: a client at exactly the limit would be refused now and then on timer jitter. */
export const PER_CLIENT_MAX_PER_SECOND = MESSAGES_PER_SECOND - 1;

export interface EchoOptions {
  clients: number[];
  warmupMs: number;
  durationMs: number;
  /** The step whose figures are the scenario's top-level ones. */
  headlineClients: number;
  /** Runs of a step at most, while other processes disturb it (see measureStep). */
  attempts: number;
  /** Longest wait for quiet cores before each run of a step; 0 starts at once. */
  quietWaitMs: number;
  profileDir?: string;
  log?: (line: string) => void;
}

export function echoOptions(quick: boolean): EchoOptions {
  return {
    clients: quick ? [500] : [100, 500, 1000],
    warmupMs: quick ? 1000 : 2000,
    durationMs: quick ? 3000 : 10_000,
    headlineClients: 500,
    attempts: quick ? 2 : 3,
    quietWaitMs: quick ? 1000 : 5000,
  };
}

export interface EchoResult {
  perClientMaxPerSecond: number;
  warmupMs: number;
  durationMs: number;
  product: EchoSideResult;
  reference: EchoSideResult;
  /** product ÷ reference round trips/s, at the headline step and at each step. */
  ratio: { clients: number; roundTripsPerSecond: number; steps: Array<{ clients: number; roundTripsPerSecond: number }> };
}

export interface EchoSideResult {
  target: string;
  describe: string;
  /** The headline step's figures. */
  clients: number;
  roundTripsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  steps: EchoStep[];
}

export interface EchoStep {
  clients: number;
  connected: number;
  connectFailed: number;
  connectError?: string;
  connectMs: number;
  roundTrips: number;
  roundTripsPerSecond: number;
  offeredPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
  refused: Record<string, number>;
  timeouts: number;
  dropped: number;
  /** Share of one core the server used during the window; null where unreadable. */
  serverCpu: number | null;
  /**
   * Server CPU time per round trip (µs): what an echo costs the server. It
   * includes the server's fixed costs (timers, pings), so it is only
   * comparable between targets at the same step, and it falls as the rate rises.
   */
  serverCpuUsPerRoundTrip: number | null;
  loadGeneratorCpu: number;
  loadGeneratorEventLoop: number;
  /**
   * Share of a core that other processes (the rest of the machine) used on the
   * server's and on the load generator's core during the window; well above
   * zero means the step's figures were disturbed. null when not pinned.
   */
  othersOnServerCore: number | null;
  othersOnLoadCore: number | null;
  /** How many runs of this step it took; the least disturbed one is kept. */
  attempts: number;
}

export async function runEcho(options: EchoOptions): Promise<EchoResult> {
  const steps = await runSteps(options);
  const [product, reference] = SIDES.map((side, i) => summarize(side.target, steps[i], options.headlineClients));
  return {
    perClientMaxPerSecond: PER_CLIENT_MAX_PER_SECOND,
    warmupMs: options.warmupMs,
    durationMs: options.durationMs,
    product,
    reference,
    ratio: {
      clients: product.clients,
      roundTripsPerSecond: ratio(product.roundTripsPerSecond, reference.roundTripsPerSecond),
      steps: product.steps.map((step, i) => ({
        clients: step.clients,
        roundTripsPerSecond: ratio(step.roundTripsPerSecond, reference.steps[i]?.roundTripsPerSecond ?? 0),
      })),
    },
  };
}

export function formatEcho(result: EchoResult): string {
  const rows: string[][] = [];
  const notes: string[] = [];
  result.product.steps.forEach((step, i) => {
    const reference = result.reference.steps[i];
    rows.push(row(step, "arena", result.ratio.steps[i]?.roundTripsPerSecond));
    if (reference) rows.push(row(reference, "raw ws"));
    notes.push(...stepNotes("arena", step), ...(reference ? stepNotes("raw ws", reference) : []));
  });
  const heading =
    `echo — closed-loop round trips, each client paced to ≤ ${result.perClientMaxPerSecond}/s (chat room limit ${MESSAGES_PER_SECOND}/s), ` +
    `${result.durationMs / 1000} s per step after ${result.warmupMs / 1000} s warm-up`;
  const table = formatTable(
    ["clients", "target", "round trips/s", "offered/s", "p50 ms", "p99 ms", "server CPU", "server µs/rt", "load gen CPU", "others srv/gen", "ratio arena/raw"],
    rows,
  );
  const at = result.ratio.clients;
  const cost = (side: EchoSideResult) => side.steps.find((s) => s.clients === at)?.serverCpuUsPerRoundTrip ?? null;
  const [productCost, referenceCost] = [cost(result.product), cost(result.reference)];
  const headline = [
    `at ${at} clients: arena ${formatCount(result.product.roundTripsPerSecond)} round trips/s, raw ws ${formatCount(result.reference.roundTripsPerSecond)}, ratio ${result.ratio.roundTripsPerSecond.toFixed(2)}`,
    productCost !== null && referenceCost ? `; server CPU per round trip ${productCost.toFixed(1)} µs vs ${referenceCost.toFixed(1)} µs (${(productCost / referenceCost).toFixed(2)}×)` : "",
  ].join("");
  return [heading, "", table, "", headline, ...notes.map((n) => `note: ${n}`)].join("\n");
}

const SETTLE_BETWEEN_STEPS_MS = 500;
/** Share of a core that other processes may take on a pinned core before a step is called disturbed. */
const DISTURBED = 0.1;

/** The product and what it is compared against; index 0 and 1 everywhere below. */
const SIDES = [
  { target: "arena", client: "colyseus-sdk", label: "arena" },
  { target: "raw-ws-echo", client: "raw-ws", label: "raw ws" },
] as const;

/**
 * Both servers run for the whole scenario and take turns at each step, in
 * alternating order, so that a change in the machine's background load
 * between steps falls on both alike. Returns the steps of each side.
 */
async function runSteps(options: EchoOptions): Promise<[EchoStep[], EchoStep[]]> {
  options.log?.(`echo: starting ${SIDES.map((s) => s.target).join(" and ")}`);
  const started = await Promise.allSettled(SIDES.map((side) => startServer(side.target, { profileDir: options.profileDir })));
  const servers = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const steps: [EchoStep[], EchoStep[]] = [[], []];
  try {
    const failed = started.find((s) => s.status === "rejected");
    if (failed) throw failed.reason;
    for (const [i, clients] of options.clients.entries()) {
      for (const s of i % 2 === 0 ? [0, 1] : [1, 0]) {
        const step = await measureStep(servers[s], SIDES[s], clients, options);
        steps[s].push(step);
        options.log?.(
          `echo: ${SIDES[s].label} × ${clients}: ${formatCount(step.roundTripsPerSecond)} round trips/s, ` +
            `p50 ${formatMs(step.p50Ms)} ms, p99 ${formatMs(step.p99Ms)} ms`,
        );
      }
    }
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
  return steps;
}

/**
 * Runs one step, again (up to `options.attempts` times in all) while other
 * processes disturb it, and keeps the least disturbed attempt. Each attempt
 * waits first for the previous crowd to leave and for the cores to be quiet.
 */
async function measureStep(server: ServerHandle, side: (typeof SIDES)[number], clients: number, options: EchoOptions): Promise<EchoStep> {
  let kept: Omit<EchoStep, "attempts"> | undefined;
  let attempts = 0;
  while (attempts < options.attempts) {
    attempts++;
    await new Promise((resolve) => setTimeout(resolve, SETTLE_BETWEEN_STEPS_MS));
    await waitForQuietCores({ maxWaitMs: options.quietWaitMs, threshold: DISTURBED });
    const step = await runStep(server, side.client, clients, options);
    if (!kept || disturbance(step) < disturbance(kept)) kept = step;
    if (disturbance(step) <= DISTURBED) break;
    if (attempts < options.attempts) {
      options.log?.(`echo: ${side.label} × ${clients} disturbed by other processes (${formatShare(disturbance(step))} of a core), measuring again`);
    }
  }
  return { ...kept!, attempts };
}

function disturbance(step: Pick<EchoStep, "othersOnServerCore" | "othersOnLoadCore">): number {
  return Math.max(step.othersOnServerCore ?? 0, step.othersOnLoadCore ?? 0);
}

function summarize(target: string, steps: EchoStep[], headlineClients: number): EchoSideResult {
  const headline = steps.reduce((best, s) => (Math.abs(s.clients - headlineClients) < Math.abs(best.clients - headlineClients) ? s : best));
  return {
    target,
    describe: targets[target].describe,
    clients: headline.clients,
    roundTripsPerSecond: headline.roundTripsPerSecond,
    p50Ms: headline.p50Ms,
    p99Ms: headline.p99Ms,
    steps,
  };
}

async function runStep(server: ServerHandle, client: ClientKind, clients: number, options: EchoOptions): Promise<Omit<EchoStep, "attempts">> {
  const cores = pinnedCores();
  const samples: Record<string, Sample> = {};
  const sample = (): Sample => ({
    at: performance.now(),
    server: server.cpuSeconds(),
    serverCore: cores ? coreBusySeconds(cores.server) : null,
    loadCore: cores ? coreBusySeconds(cores.load) : null,
  });
  const args: EchoLoadArgs = {
    url: server.url,
    client,
    clients,
    warmupMs: options.warmupMs,
    durationMs: options.durationMs,
    maxPerSecond: PER_CLIENT_MAX_PER_SECOND,
  };
  const stats = await runLoad<EchoLoadResult>(
    { module: "bench/load/echo.ts", export: "echoLoad", args },
    {
      timeoutMs: CONNECT_BUDGET_MS + options.warmupMs + options.durationMs + 30_000,
      onEvent: (event) => void (samples[event.name] = sample()),
    },
  );
  const start = samples["measure-start"];
  const end = samples["measure-end"];
  const share = (field: keyof Omit<Sample, "at">) => {
    const [a, b] = [start?.[field], end?.[field]];
    return a != null && b != null && end.at > start.at ? (b - a) / ((end.at - start.at) / 1000) : null;
  };
  const serverCpu = round3(share("server"));
  const serverCore = share("serverCore");
  const loadCore = share("loadCore");
  return {
    clients,
    connected: stats.clients,
    connectFailed: stats.connectFailed,
    ...(stats.connectError && stats.connectFailed > 0 ? { connectError: stats.connectError } : {}),
    connectMs: stats.connectMs,
    roundTrips: stats.roundTrips,
    roundTripsPerSecond: stats.roundTripsPerSecond,
    offeredPerSecond: stats.offeredPerSecond,
    p50Ms: stats.latency.p50Ms,
    p90Ms: stats.latency.p90Ms,
    p99Ms: stats.latency.p99Ms,
    meanMs: stats.latency.meanMs,
    maxMs: stats.latency.maxMs,
    refused: stats.refused,
    timeouts: stats.timeouts,
    dropped: stats.dropped,
    serverCpu,
    serverCpuUsPerRoundTrip: serverCpu !== null && stats.roundTripsPerSecond > 0 ? Math.round((serverCpu * 1e7) / stats.roundTripsPerSecond) / 10 : null,
    loadGeneratorCpu: stats.loadGenerator.cpu,
    loadGeneratorEventLoop: stats.loadGenerator.eventLoopUtilization,
    othersOnServerCore: serverCore !== null && serverCpu !== null ? round3(Math.max(0, serverCore - serverCpu)) : null,
    othersOnLoadCore: loadCore !== null ? round3(Math.max(0, loadCore - stats.loadGenerator.cpu)) : null,
  };
}

interface Sample {
  at: number;
  server: number | null;
  serverCore: number | null;
  loadCore: number | null;
}

function row(step: EchoStep, label: string, ratioValue?: number): string[] {
  return [
    String(step.clients),
    label,
    formatCount(step.roundTripsPerSecond),
    formatCount(step.offeredPerSecond),
    formatMs(step.p50Ms),
    formatMs(step.p99Ms),
    formatShare(step.serverCpu),
    step.serverCpuUsPerRoundTrip === null ? "n/a" : step.serverCpuUsPerRoundTrip.toFixed(1),
    formatShare(step.loadGeneratorCpu),
    step.othersOnServerCore === null || step.othersOnLoadCore === null
      ? "n/a"
      : `${Math.round(step.othersOnServerCore * 100)}/${Math.round(step.othersOnLoadCore * 100)} %`,
    ratioValue === undefined ? "" : ratioValue.toFixed(2),
  ];
}

function stepNotes(label: string, step: EchoStep): string[] {
  const notes: string[] = [];
  const at = `${label} × ${step.clients}`;
  if (step.connectFailed > 0) notes.push(`${at}: ${step.connectFailed} clients could not connect (${step.connectError})`);
  const refused = Object.entries(step.refused).map(([reason, n]) => `${n} ${reason}`);
  if (refused.length) notes.push(`${at}: refused ${refused.join(", ")}`);
  if (step.timeouts > 0) notes.push(`${at}: ${step.timeouts} requests unanswered after 5 s`);
  if (step.dropped > 0) notes.push(`${at}: ${step.dropped} clients disconnected during the window`);
  const others = Math.max(step.othersOnServerCore ?? 0, step.othersOnLoadCore ?? 0);
  if (others > DISTURBED) {
    notes.push(
      `${at}: other processes took ${formatShare(step.othersOnServerCore)} of the server's core and ${formatShare(step.othersOnLoadCore)} ` +
        `of the load generator's${step.attempts > 1 ? ` (the least of ${step.attempts} runs)` : ""} — this step's figures are disturbed`,
    );
  }
  if (step.loadGeneratorEventLoop > 0.9) {
    notes.push(`${at}: the load generator was ${formatShare(step.loadGeneratorEventLoop)} busy — it, not the server, may have set the pace`);
  }
  return notes;
}

function round3(n: number | null): number | null {
  return n === null ? null : Math.round(n * 1000) / 1000;
}

function ratio(a: number, b: number): number {
  return b > 0 ? Math.round((a / b) * 100) / 100 : 0;
}
