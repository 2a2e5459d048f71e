// `window.__arena`: a read-only look at the running game for browser tests and for debugging from
// the console (positions as the server has them, as predicted, as drawn). It changes nothing in the game.

import type { Game } from "./game.ts";
import type { Renderer } from "./render.ts";

export interface ArenaSnapshot {
  roomId: string;
  sessionId: string;
  reconnectionToken: string;
  reconnecting: boolean;
  phase: string;
  /** Projectiles drawn this frame. */
  projectiles: number;
  /** Every player in view: `x`/`y` as the server has them, `rendered` as drawn this frame. */
  players: Array<{
    id: string;
    name: string;
    x: number;
    y: number;
    rendered: { x: number; y: number };
    /** Where it is drawn, in CSS pixels from the canvas's top-left corner. */
    screen: { x: number; y: number };
    alive: boolean;
    connected: boolean;
  }>;
  own: {
    server: { x: number; y: number; lastInput: number; hp: number; score: number; alive: boolean; connected: boolean };
    predicted: { x: number; y: number } | null;
    rendered: { x: number; y: number };
    /** Where the own player is drawn, in CSS pixels from the canvas's top-left corner. */
    screen: { x: number; y: number };
    sent: number;
    acked: number;
    /** The SDK clock's smoothed round trip (input sent → its ack back). */
    rttMs: number;
    /** The latest ping (network round trip), and how many steps our inputs queue at the server. */
    pingMs: number | null;
    queuedSteps: number | null;
    /** Reconciles since `snapshot(true)` and the largest/latest correction they applied. */
    corrections: { reconciles: number; max: number; last: number };
  } | null;
}

export function installDebugHandle(currentGame: () => Game | null, renderer: Renderer): void {
  /** `resetCorrections` restarts the correction statistics after reading them. */
  const snapshot = (resetCorrections = false): ArenaSnapshot | null => {
    const game = currentGame();
    if (game === null || game.room.state?.players === undefined) return null;
    const { room, netcode } = game;
    const players: ArenaSnapshot["players"] = [];
    room.state.players.forEach((p, id) => {
      const rendered = netcode.position(p, { x: 0, y: 0 });
      const screen = renderer.toScreen(rendered.x, rendered.y);
      players.push({ id, name: p.name, x: p.x, y: p.y, rendered, screen, alive: p.alive, connected: p.connected });
    });
    const me = netcode.ownPlayer;
    let own: ArenaSnapshot["own"] = null;
    if (me !== null) {
      const rendered = netcode.position(me, { x: 0, y: 0 });
      own = {
        server: { x: me.x, y: me.y, lastInput: me.lastInput, hp: me.hp, score: me.score, alive: me.alive, connected: me.connected },
        predicted: netcode.predictedOwn(),
        rendered,
        screen: renderer.toScreen(rendered.x, rendered.y),
        ...netcode.inputCounts(),
        rttMs: room.clock.smoothedRtt(),
        pingMs: netcode.pingMs,
        queuedSteps: netcode.queuedSteps(),
        corrections: netcode.correctionStats(resetCorrections),
      };
    }
    return {
      roomId: room.roomId,
      sessionId: room.sessionId,
      reconnectionToken: room.reconnectionToken,
      reconnecting: room.reconnection.isReconnecting,
      phase: room.state.phase,
      projectiles: game.projectilesDrawn,
      players,
      own,
    };
  };
  Object.defineProperty(window, "__arena", { value: Object.freeze({ snapshot }), configurable: true });
}
