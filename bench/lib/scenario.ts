/**
 * A bench scenario: one file in bench/scenarios/, listed in
 * bench/scenarios/index.ts, plus, when it drives clients, the code that runs
 * inside the load generator in bench/load/ (see processes.ts `runLoad`).
 * `run` starts the servers and load generators it needs (through
 * processes.ts) and stops them before it returns; its result
 * goes under `scenarios.<name>` in bench/results/latest.json and `format`
 * turns it into the table printed after it.
 */
export interface Scenario<R = unknown> {
  name: string;
  title: string;
  run(context: ScenarioContext): Promise<R>;
  format(result: R): string;
}

export interface ScenarioContext {
  /** Shorter steps (`--quick`): a sanity run, not the figures to quote. */
  quick: boolean;
  /** When set, servers write V8 CPU profiles here (`--profile`). */
  profileDir?: string;
  /** Progress lines, printed as they come. */
  log(line: string): void;
}

/** Lets a scenario module declare itself with its result type checked. */
export function defineScenario<R>(scenario: Scenario<R>): Scenario<R> {
  return scenario;
}
