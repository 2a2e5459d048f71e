// Bundles the browser client with esbuild into client/dist/ (index.html, app.css, app.js), which the
// server serves at `/`. Run by `npm run build:client` and by npm's `prepare` after `npm install`; the
// server also calls it at start when the bundle is missing or older than its sources (src/http/clientBundle.ts).

import { buildSync } from "esbuild";
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const CLIENT_DIR = fileURLToPath(new URL(".", import.meta.url));
const REPO_ROOT = path.dirname(path.resolve(CLIENT_DIR));

/** Where the built client lives; served as static files. */
export const CLIENT_DIST = path.join(CLIENT_DIR, "dist");

/** Copied as they are: the page and its stylesheet. */
const STATIC_FILES: Record<string, string> = { "index.html": "index.html", "style.css": "app.css" };

/** Written next to the bundle: when it was built and from which files, so staleness is a stat per input. */
const MANIFEST = "build.json";

export interface BuildManifest {
  builtAt: number;
  /** Every file the bundle was made from, relative to the repository root. */
  inputs: string[];
}

/**
 * Builds the client into `outdir` (default client/dist). It builds into a sibling temporary folder
 * and swaps it in, so a server reading the old bundle never sees a half-written one.
 */
export function buildClient(outdir: string = CLIENT_DIST): BuildManifest {
  const builtAt = Date.now();
  const staging = `${outdir}.tmp-${process.pid}-${builtAt}`;
  mkdirSync(staging, { recursive: true });
  try {
    const result = buildSync({
      absWorkingDir: REPO_ROOT,
      entryPoints: [path.join(CLIENT_DIR, "src/main.ts")],
      outfile: path.join(staging, "app.js"),
      bundle: true,
      format: "esm",
      platform: "browser",
      target: ["es2022"],
      minify: true,
      sourcemap: "linked",
      metafile: true,
      legalComments: "none",
      logLevel: "warning",
    });
    for (const [source, target] of Object.entries(STATIC_FILES)) {
      copyFileSync(path.join(CLIENT_DIR, source), path.join(staging, target));
    }
    const inputs = [
      ...Object.keys(result.metafile.inputs),
      ...Object.keys(STATIC_FILES).map((file) => path.relative(REPO_ROOT, path.join(CLIENT_DIR, file))),
    ];
    const manifest: BuildManifest = { builtAt, inputs };
    writeFileSync(path.join(staging, MANIFEST), JSON.stringify(manifest));
    rmSync(outdir, { recursive: true, force: true });
    renameSync(staging, outdir);
    return manifest;
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Why the bundle in `outdir` must be (re)built, or null when it is present and newer than every source. */
export function staleReason(outdir: string = CLIENT_DIST): string | null {
  const manifestPath = path.join(outdir, MANIFEST);
  if (!existsSync(manifestPath) || !existsSync(path.join(outdir, "index.html"))) return "missing";
  let manifest: BuildManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  } catch {
    return "unreadable manifest";
  }
  for (const input of manifest.inputs) {
    const file = path.join(REPO_ROOT, input);
    if (!existsSync(file)) return `${input} is gone`;
    if (statSync(file).mtimeMs > manifest.builtAt) return `${input} changed`;
  }
  return null;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  try {
    const { inputs } = buildClient();
    const ms = Math.round(performance.now() - started);
    process.stdout.write(`client built into ${path.relative(process.cwd(), CLIENT_DIST) || "."} (${inputs.length} inputs, ${ms} ms)\n`);
  } catch (error) {
    // As npm's `prepare` (after `npm install`), a failed client build must not fail the install — an
    // install without devDependencies has no @colyseus/sdk to bundle. The server retries at start.
    if (process.env.npm_lifecycle_event !== "prepare") throw error;
    process.stderr.write(`arena: the browser client was not built (${(error as Error).message.split("\n")[0]}); npm start will try again\n`);
  }
}
