import { $changes, StateView, type ChangeTree } from "@colyseus/schema";
import type { Client } from "colyseus";
import { OWN_PLAYER, type ArenaState } from "../../schema/ArenaState.ts";
import { withinInterest, type World } from "../../sim/index.ts";

/**
 * Interest management: which players, projectiles and pickups each client receives. A player sees
 * what lies within INTEREST_RADIUS of itself (and itself always); a spectator sees everything.
 * Views are refreshed just before each patch, touching a view only where visibility changed.
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

  /** Brings every player's view up to date with the world as the last step left it. */
  refreshAll(clients: Iterable<Client>): void {
    this.collect();
    for (const client of clients) this.refreshView(client);
  }

  /** Brings one player's view up to date (a joining or returning player's). */
  refresh(client: Client): void {
    this.collect();
    this.refreshView(client);
  }

  // The world's entities next to their synchronized counterparts, gathered once per refresh so each
  // view's pass is a plain loop (no map lookups per client); reused across steps.
  private readonly bodies: Array<{ readonly id: string; readonly x: number; readonly y: number }> = [];
  private readonly entities: object[] = [];
  private count = 0;

  private collect(): void {
    this.count = 0;
    for (const body of this.world.players.values()) this.gather(body, this.state.players.get(body.id));
    for (const body of this.world.projectiles.values()) this.gather(body, this.state.projectiles.get(body.id));
    for (const body of this.world.pickups.values()) this.gather(body, this.state.pickups.get(body.id));
  }

  private gather(body: { readonly id: string; readonly x: number; readonly y: number }, entity: object | undefined): void {
    if (entity === undefined) return;
    this.bodies[this.count] = body;
    this.entities[this.count] = entity;
    this.count++;
  }

  private refreshView(client: Client): void {
    const view = client.view;
    const me = this.world.players.get(client.sessionId);
    if (view === undefined || me === undefined) return; // spectators subscribe to everything instead
    for (let i = 0; i < this.count; i++) {
      const body = this.bodies[i]!;
      show(view, this.entities[i]!, body === me || withinInterest(me, body));
    }
  }
}

function show(view: StateView, entity: object, visible: boolean): void {
  if (visible === view.has(entity as never)) return;
  if (visible) view.add(entity as never, undefined, needsParentBinding(view, entity));
  else view.remove(entity as never);
}

/**
 * Whether `view.add` must (re)send the entity's binding in its collection. By default every add
 * queues the whole parent chain again: the root's field holding the collection (4 bytes) and the
 * collection's entry for the entity (8), and for an entity created in this very step the patch's own
 * pass already carries that entry once more. So a projectile reached each viewer as 55 bytes of which
 * 12 were repeats. An entity created this step, in a collection this view has already bound, needs
 * none of it: the patch introduces it to every view it is visible in. Anything older still needs
 * its binding (it entered this view after its creation was sent elsewhere).
 */
function needsParentBinding(view: StateView, entity: object): boolean {
  const tree = (entity as { [$changes]: ChangeTree })[$changes];
  const collection = (tree.parent as { [$changes]: ChangeTree } | undefined)?.[$changes];
  return !(tree.isNew && collection !== undefined && view.isVisible(collection));
}
