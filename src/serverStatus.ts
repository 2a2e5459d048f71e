/**
 * What the process tells load balancers through `/ready`: whether it should
 * receive new players. One instance per server, shared by the HTTP routes and
 * the shutdown path.
 */
export type Readiness = "starting" | "ready" | "draining" | "degraded";

export class ServerStatus {
  readonly startedAt = Date.now();
  private state: Readiness = "starting";
  private why = "the server is starting";

  get readiness(): Readiness {
    return this.state;
  }

  get reason(): string {
    return this.why;
  }

  markReady(): void {
    if (this.state === "draining") return;
    this.state = "ready";
    this.why = "";
  }

  /** Draining is final: nothing brings a stopping process back. */
  markDraining(reason = "the server is shutting down"): void {
    this.state = "draining";
    this.why = reason;
  }

  markDegraded(reason: string): void {
    if (this.state === "draining") return;
    this.state = "degraded";
    this.why = reason;
  }

  get acceptsPlayers(): boolean {
    return this.state === "ready";
  }
}
