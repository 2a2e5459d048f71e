// The DOM around the canvas while in a game: HUD, invite box, match-end scoreboard, reconnecting
// overlay. Writes touch the DOM only when a shown value changes.

import { MAX_HP } from "../../src/sim/rules.ts";
import type { Standing } from "../../src/sim/match.ts";

export type { Standing };

export interface HudValues {
  hp: number | null;
  score: number;
  kills: number;
  deaths: number;
  phase: string;
  /** Milliseconds left in the phase, or null when it is open-ended. */
  timeLeftMs: number | null;
  pingMs: number | null;
  playersInView: number;
  /** A centred message (respawning, countdown) — `quiet` ones sit small near the top — or null. */
  banner: { text: string; quiet?: boolean } | null;
}

export class Hud {
  private readonly shown = new Map<HTMLElement, string>();

  constructor(private readonly onLeave: () => void) {
    byId("hud").hidden = false;
    byId("leave").onclick = () => this.onLeave();
    byId("scoreboard-close").onclick = () => this.hideScoreboard();
  }

  update(values: HudValues): void {
    const hp = values.hp ?? 0;
    byId("hud-self").classList.toggle("spectator", values.hp === null);
    this.text("hud-hp", values.hp === null ? "Spectating" : `${hp} hp`);
    const bar = byId("hud-hp-bar");
    const width = values.hp === null ? "0%" : `${Math.max(0, Math.min(100, (hp / MAX_HP) * 100))}%`;
    if (bar.style.width !== width) bar.style.width = width;
    bar.classList.toggle("low", hp <= 35);
    this.text("hud-score", String(values.score));
    this.text("hud-kills", String(values.kills));
    this.text("hud-deaths", String(values.deaths));
    this.text("hud-phase", values.phase);
    this.text("hud-time", values.timeLeftMs === null ? "" : clockText(values.timeLeftMs));
    this.text("hud-ping", values.pingMs === null ? "–" : String(Math.round(values.pingMs)));
    this.text("hud-players", String(values.playersInView));
    const banner = byId("banner");
    // The scoreboard says it all while it is up.
    banner.hidden = values.banner === null || !byId("scoreboard").hidden;
    if (values.banner !== null) {
      this.text("banner", values.banner.text);
      banner.classList.toggle("quiet", values.banner.quiet === true);
    }
  }

  /** Shows the private room's code and the link that joins it. */
  invite(code: string): void {
    const link = `${location.origin}/?code=${encodeURIComponent(code)}`;
    byId("invite").hidden = false;
    this.text("invite-code", code);
    const anchor = byId("invite-link") as HTMLAnchorElement;
    anchor.href = link;
    anchor.textContent = link;
    byId("invite-copy").onclick = () => {
      navigator.clipboard?.writeText(link).then(
        () => this.text("invite-copy", "Copied"),
        () => this.text("invite-copy", "Copy failed"),
      );
    };
  }

  showScoreboard(standings: readonly Standing[], ownId: string): void {
    const rows = byId("scoreboard-rows");
    rows.replaceChildren(
      ...standings.map((s, i) => {
        const tr = document.createElement("tr");
        if (s.id === ownId) tr.className = "own";
        for (const cell of [String(i + 1), s.name, String(s.score), String(s.kills), String(s.deaths)]) {
          const td = document.createElement("td");
          td.textContent = cell;
          tr.append(td);
        }
        return tr;
      }),
    );
    byId("scoreboard").hidden = false;
  }

  hideScoreboard(): void {
    byId("scoreboard").hidden = true;
  }

  reconnecting(visible: boolean, text = "Reconnecting…"): void {
    byId("reconnecting").hidden = !visible;
    this.text("reconnecting-text", text);
  }

  dispose(): void {
    byId("hud").hidden = true;
    byId("invite").hidden = true;
    byId("banner").hidden = true;
    this.hideScoreboard();
    this.reconnecting(false);
    this.shown.clear();
  }

  private text(id: string, value: string): void {
    const el = byId(id);
    if (this.shown.get(el) === value) return;
    this.shown.set(el, value);
    el.textContent = value;
  }
}

export function byId(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`the page has no #${id}`);
  return el;
}

function clockText(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}
