/**
 * What the process tells load balancers through `/ready`: whether it should receive new players.
 * One instance per server, shared by the HTTP routes, the Redis watcher and the shutdown path.
 */
export type Readiness = "starting" | "ready" | "draining" | "degraded";

export class ServerStatus {
  readonly startedAt = Date.now();
  private listening = false;
  private draining = false;
  /** Dependencies currently down (e.g. Redis), with why. */
  private readonly down = new Map<string, string>();

  get readiness(): Readiness {
    if (this.draining) return "draining";
    if (!this.listening) return "starting";
    if (this.down.size > 0) return "degraded";
    return "ready";
  }

  get reason(): string {
    switch (this.readiness) {
      case "draining":
        return "the server is shutting down";
      case "starting":
        return "the server is starting";
      case "degraded":
        return [...this.down.values()].join("; ");
      default:
        return "";
    }
  }

  get acceptsPlayers(): boolean {
    return this.readiness === "ready";
  }

  markListening(): void {
    this.listening = true;
  }

  /** Draining is final: nothing brings a stopping process back. */
  markDraining(): void {
    this.draining = true;
  }

  dependencyDown(name: string, reason: string): void {
    this.down.set(name, reason);
  }

  dependencyUp(name: string): void {
    this.down.delete(name);
  }
}
