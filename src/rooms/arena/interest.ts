import { StateView } from "@colyseus/schema";
import type { Client } from "colyseus";
import { OWN_PLAYER, type ArenaState } from "../../schema/ArenaState.ts";
import { withinInterest, type World } from "../../sim/index.ts";

/**
 * Interest management: which players, projectiles and pickups each client receives. A player sees
 * what lies within INTEREST_RADIUS of itself (and itself always); a spectator sees everything.
 * Views are refreshed after every step, touching a view only where visibility changed.
 */
export class Interest {
  constructor(
    private readonly world: World,
    private readonly state: ArenaState,
  ) {}

  /** Gives a joining (or reconnecting) client its view. */
  attach(client: Client, spectator: boolean): void {
    client.view?.dispose();
    const view = new StateView();
    client.view = view;
    if (spectator) {
      view.subscribe(this.state.players);
      view.subscribe(this.state.projectiles);
      view.subscribe(this.state.pickups);
      return;
    }
    const own = this.state.players.get(client.sessionId);
    if (own) view.add(own, OWN_PLAYER);
    this.refresh(client);
  }

  /** Core does not dispose a leaving client's view; without this its slot waits for the GC. */
  detach(client: Client): void {
    client.view?.dispose();
    client.view = undefined;
  }

  /** Brings one player's view up to date with the world as the last step left it. */
  refresh(client: Client): void {
    const view = client.view;
    const me = this.world.players.get(client.sessionId);
    if (view === undefined || me === undefined) return;

    for (const body of this.world.players.values()) {
      const entity = this.state.players.get(body.id);
      if (entity === undefined) continue;
      show(view, entity, body === me || withinInterest(me, body));
    }
    for (const body of this.world.projectiles.values()) {
      const entity = this.state.projectiles.get(body.id);
      if (entity !== undefined) show(view, entity, withinInterest(me, body));
    }
    for (const body of this.world.pickups.values()) {
      const entity = this.state.pickups.get(body.id);
      if (entity !== undefined) show(view, entity, withinInterest(me, body));
    }
  }
}

function show(view: StateView, entity: object, visible: boolean): void {
  if (visible === view.has(entity as never)) return;
  if (visible) view.add(entity as never);
  else view.remove(entity as never);
}
