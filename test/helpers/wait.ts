/** Resolves with the first message of `type` a room receives; rejects after `ms`. */
export function nextMessage<T = unknown>(
  room: { onMessage(type: string, cb: (payload: T) => void): () => void },
  type: string,
  ms = 2000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no "${type}" message within ${ms} ms`));
    }, ms);
    const off = room.onMessage(type, (payload) => {
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

/** Resolves when `room` closes, with the close code. */
export function closed(room: { onLeave: { once(cb: (code: number) => void): void } }, ms = 5000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`room not closed within ${ms} ms`)), ms);
    room.onLeave.once((code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}
