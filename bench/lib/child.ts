/**
 * What every bench child process does first: make sure it cannot outlive the
 * bench. It exits when the parent's IPC channel closes (the parent died or
 * let go of it) and when its lifetime (BENCH_CHILD_MAX_MS) runs out, and it
 * runs `onStop` on SIGTERM/SIGINT before exiting, bounded in time too.
 */
export function guardChild(onStop: () => Promise<void> | void = () => {}): void {
  if (!process.send) {
    process.stderr.write("bench: this file is started by bench/run.ts, not by hand\n");
    process.exit(2);
  }
  const lifetimeMs = Number(process.env.BENCH_CHILD_MAX_MS) || 10 * 60_000;
  setTimeout(() => {
    process.stderr.write(`bench child ${process.pid}: lifetime of ${lifetimeMs} ms over, exiting\n`);
    process.exit(3);
  }, lifetimeMs).unref();
  process.on("disconnect", () => process.exit(4));

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(5), 4000).unref();
    try {
      await onStop();
    } finally {
      // A normal exit (not a signal) is what lets --cpu-prof write its profile.
      process.exit(0);
    }
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

/** Sends a message to the parent (JSON over the IPC channel). */
export function tellParent(message: { type: string; [key: string]: unknown }): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected) return resolve();
    process.send!(message, undefined, {}, () => resolve());
  });
}
