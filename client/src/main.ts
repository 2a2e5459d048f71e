// The page: a lobby (name, Quick play, private rooms, spectating) in front of the arena canvas, and
// the game once a room is joined. `/?code=ABC123` opens the lobby ready to join that private room.

import { Client } from "@colyseus/sdk";
import { PICKUP_POINTS, WALLS, WORLD_HEIGHT, WORLD_WIDTH } from "../../src/sim/rules.ts";
import type { ArenaState } from "../../src/schema/ArenaState.ts";
import { Game } from "./game.ts";
import { byId } from "./hud.ts";
import {
  LobbyError,
  createPrivateRoom,
  joinPrivateRoom,
  normalizeCode,
  quickPlay,
  spectate,
  type ArenaRoom,
} from "./matchmaking.ts";
import { Renderer } from "./render.ts";
import { installDebugHandle } from "./debug.ts";

const NAME_KEY = "arena.name";
const NAME_MAX = 24;

const client = new Client(location.origin);
const renderer = new Renderer(byId("arena") as HTMLCanvasElement);
const lobby = byId("lobby");
const nameField = byId("name") as HTMLInputElement;
const codeField = byId("code") as HTMLInputElement;
const buttons = ["quickplay", "create-private", "join-code", "spectate"].map((id) => byId(id) as HTMLButtonElement);
let game: Game | null = null;

interface Entry {
  spectator: boolean;
  inviteCode?: string;
}

nameField.value = localStorage.getItem(NAME_KEY) ?? "";
const invited = normalizeCode(new URLSearchParams(location.search).get("code") ?? "");
if (invited !== "") {
  codeField.value = invited;
  status(`You are invited to room ${invited}. Enter your name and press Join.`);
}
(nameField.value === "" ? nameField : invited !== "" ? byId("join-code") : byId("quickplay")).focus();

byId("quickplay").onclick = () => enter(async () => ({ room: await quickPlay(client, playerName()) }));
byId("create-private").onclick = () =>
  enter(async () => {
    const { room, code } = await createPrivateRoom(client, playerName());
    history.replaceState(null, "", `/?code=${encodeURIComponent(code)}`);
    return { room, inviteCode: code };
  });
(byId("join-form") as HTMLFormElement).onsubmit = (event) => {
  event.preventDefault();
  const code = normalizeCode(codeField.value);
  if (!/^[A-Z0-9]{4,12}$/.test(code)) {
    status("Enter the room's six-character code.", true);
    codeField.focus();
    return;
  }
  enter(async () => ({ room: await joinPrivateRoom(client, code, playerName()), inviteCode: code }));
};
byId("spectate").onclick = () => enter(async () => ({ room: await spectate(client), spectator: true }));

window.addEventListener("resize", () => {
  renderer.resize();
  if (game === null) drawBackdrop();
});
drawBackdrop();
installDebugHandle(() => game, renderer);

/** Runs a lobby action; on success the lobby gives way to the game. */
async function enter(join: () => Promise<{ room: ArenaRoom; inviteCode?: string; spectator?: boolean }>): Promise<void> {
  if (game !== null) return;
  localStorage.setItem(NAME_KEY, nameField.value.trim());
  setBusy(true);
  status("Joining…");
  try {
    const { room, inviteCode, spectator = false } = await join();
    play(room, inviteCode === undefined ? { spectator } : { spectator, inviteCode });
    status("");
  } catch (error) {
    status(describe(error), true);
  } finally {
    setBusy(false);
  }
}

function play(room: ArenaRoom, entry: Entry): void {
  lobby.hidden = true;
  game = new Game({
    room,
    renderer,
    ...entry,
    onEnd: ({ message, lost }) => {
      game = null;
      if (lost !== undefined) void rejoin(lost, entry);
      else backToLobby(message);
    },
  });
}

/** The SDK's own retries gave up: one last try with the reconnection token before the lobby. */
async function rejoin(token: string, entry: Entry): Promise<void> {
  try {
    const room = await client.reconnect<ArenaState>(token);
    byId("reconnecting").hidden = true;
    play(room, entry);
  } catch {
    byId("reconnecting").hidden = true;
    backToLobby("The connection was lost and could not be restored. Join again.");
  }
}

function backToLobby(message: string | null): void {
  lobby.hidden = false;
  status(message ?? "");
  drawBackdrop();
}

function playerName(): string {
  return nameField.value.trim().slice(0, NAME_MAX) || `player-${Math.floor(Math.random() * 9000 + 1000)}`;
}

function setBusy(busy: boolean): void {
  for (const button of buttons) button.disabled = busy;
}

function status(text: string, error = false): void {
  const el = byId("lobby-status");
  el.textContent = text;
  el.classList.toggle("error", error);
}

function describe(error: unknown): string {
  if (error instanceof LobbyError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return message.includes("full") ? "That room is full." : `Could not join: ${message}`;
}

/** The arena as seen from above, behind the lobby. */
function drawBackdrop(): void {
  renderer.begin(renderer.overview(WORLD_WIDTH, WORLD_HEIGHT), WORLD_WIDTH, WORLD_HEIGHT, WALLS);
  for (const point of PICKUP_POINTS) renderer.pickup(point.x, point.y, true);
}
