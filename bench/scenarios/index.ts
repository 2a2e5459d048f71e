import type { Scenario } from "../lib/scenario.ts";
import { bandwidthScenario, capacityScenario, inputLatencyScenario } from "./arena.ts";
import { echoScenario } from "./echo.ts";

/** Every scenario `npm run bench` knows, in the order it runs them. A new scenario is one file here plus one line. */
export const scenarios: Scenario<any>[] = [capacityScenario, bandwidthScenario, inputLatencyScenario, echoScenario];
