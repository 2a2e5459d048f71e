/**
 * `npm run bench` — runs the bench scenarios (bench/scenarios/index.ts), prints
 * a table per scenario and writes bench/results/latest.json.
 *
 *   npm run bench -- --quick            shorter steps: a sanity run, not figures to quote
 *   npm run bench -- --scenario=echo    only the named scenario(s) (repeatable)
 *   npm run bench -- --profile          servers write V8 CPU profiles to bench/results/
 *
 * Figures are printed, never judged: a slow run does not fail. The run fails
 * (exit 1) only when a scenario cannot be carried out. Every server and load
 * generator it starts is stopped before it exits, on error and on Ctrl-C too,
 * and the whole run is bounded in time.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { machineInfo } from "./lib/machine.ts";
import { REPO_ROOT, killAllChildrenNow, stopAllChildren } from "./lib/processes.ts";
import { scenarios } from "./scenarios/index.ts";

const RESULTS_DIR = path.join(REPO_ROOT, "bench", "results");
const RUN_LIMIT_MS = { quick: 5 * 60_000, full: 15 * 60_000 };

const USAGE = `usage: npm run bench [-- --quick] [-- --scenario=<name>] [-- --profile]
scenarios: ${scenarios.map((s) => s.name).join(", ")}`;

let flags: { quick: boolean; scenario: string[]; profile: boolean; help: boolean };
try {
  const parsed = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      scenario: { type: "string", multiple: true, default: [] },
      profile: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  }).values;
  flags = { quick: parsed.quick!, scenario: parsed.scenario!, profile: parsed.profile!, help: parsed.help! };
} catch (error) {
  process.stderr.write(`bench: ${(error as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
if (flags.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const unknown = flags.scenario.filter((name) => !scenarios.some((s) => s.name === name));
if (unknown.length) {
  process.stderr.write(`bench: unknown scenario ${unknown.join(", ")}\n${USAGE}\n`);
  process.exit(2);
}
const selected = flags.scenario.length ? scenarios.filter((s) => flags.scenario.includes(s.name)) : scenarios;

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    process.stderr.write(`\nbench: ${signal}, stopping\n`);
    killAllChildrenNow();
    process.exit(130);
  });
}
const limitMs = flags.quick ? RUN_LIMIT_MS.quick : RUN_LIMIT_MS.full;
setTimeout(() => {
  process.stderr.write(`bench: still running after ${limitMs / 60_000} min, giving up\n`);
  killAllChildrenNow();
  process.exit(1);
}, limitMs).unref();

const started = performance.now();
const startedAt = new Date().toISOString();
const machine = machineInfo();
console.log(
  `bench: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}` +
    `${machine.pinned ? ", server and load generator pinned to separate cores" : ", not pinned (no taskset or one core)"}` +
    `${flags.quick ? ", quick" : ""}${flags.profile ? ", profiling servers" : ""}`,
);

try {
  const results: Record<string, unknown> = {};
  const profileDir = flags.profile ? RESULTS_DIR : undefined;
  for (const scenario of selected) {
    const scenarioStarted = performance.now();
    console.log(`\n== ${scenario.name}: ${scenario.title}`);
    const result = await scenario.run({ quick: flags.quick, profileDir, log: (line) => console.log(`  ${line}`) });
    results[scenario.name] = result;
    console.log(`\n${scenario.format(result)}`);
    console.log(`(${scenario.name} took ${seconds(performance.now() - scenarioStarted)} s)`);
  }
  const report = { machine, quick: flags.quick, startedAt, elapsedMs: Math.round(performance.now() - started), scenarios: results };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, "latest.json");
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nbench: done in ${seconds(performance.now() - started)} s; wrote ${path.relative(REPO_ROOT, file)}`);
  if (profileDir) console.log(`bench: CPU profiles in ${path.relative(REPO_ROOT, profileDir)}/*.cpuprofile`);
} catch (error) {
  process.stderr.write(`\nbench: failed: ${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
} finally {
  await stopAllChildren();
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}
