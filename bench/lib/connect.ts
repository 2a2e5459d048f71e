/**
 * Opens many client connections at a bounded concurrency and within a
 * deadline: a server that cannot take them all still lets the bench go on
 * with those that made it (and say how many did not).
 */
export async function connectAll<T>(count: number, connectOne: (index: number) => Promise<T>, options: ConnectOptions<T>): Promise<Connected<T>> {
  const started = performance.now();
  const deadline = started + options.timeoutMs;
  const connected: T[] = [];
  let failed = 0;
  let firstError: string | undefined;
  let nextIndex = 0;

  const attempt = async (index: number) => {
    const pending = connectOne(index);
    const remaining = Math.max(1, Math.min(options.attemptTimeoutMs ?? 15_000, deadline - performance.now()));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => (timer = setTimeout(resolve, remaining, "timeout")));
    try {
      const outcome = await Promise.race([pending, timedOut]);
      if (outcome === "timeout") {
        // It may still succeed later: close it then rather than leave it open.
        pending.then(options.discard, () => {});
        throw new Error(`connection ${index} not open within ${Math.round(remaining)} ms`);
      }
      connected.push(outcome);
    } catch (error) {
      failed++;
      firstError ??= (error as Error).message ?? String(error);
    } finally {
      clearTimeout(timer);
    }
  };

  const worker = async () => {
    while (nextIndex < count && performance.now() < deadline) await attempt(nextIndex++);
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, count) }, worker));
  failed += count - nextIndex;
  return { connected, failed, firstError, ms: Math.round(performance.now() - started) };
}

export interface ConnectOptions<T> {
  concurrency: number;
  /** For all connections together; attempts not started by then count as failed. */
  timeoutMs: number;
  attemptTimeoutMs?: number;
  /** Closes a connection that opened after its attempt had timed out. */
  discard: (connection: T) => void;
}

export interface Connected<T> {
  connected: T[];
  failed: number;
  firstError?: string;
  ms: number;
}

/** Runs `close` on every connection at once and waits at most `timeoutMs` for them. */
export async function closeAll<T>(connections: T[], close: (connection: T) => Promise<unknown>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled(connections.map((c) => close(c))),
    new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
  ]);
  clearTimeout(timer);
}
