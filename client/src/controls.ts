// Keyboard and mouse, read as the game's input: a movement direction from held keys, the pointer for
// aiming, and the trigger. Keys are matched by `code` (the physical key), so WASD works on any layout.

const UP = new Set(["KeyW", "ArrowUp"]);
const DOWN = new Set(["KeyS", "ArrowDown"]);
const LEFT = new Set(["KeyA", "ArrowLeft"]);
const RIGHT = new Set(["KeyD", "ArrowRight"]);
const GAME_KEYS = new Set([...UP, ...DOWN, ...LEFT, ...RIGHT, "Space"]);

export class Controls {
  /** Pointer position in CSS pixels relative to the canvas; null until the mouse moves over it. */
  pointer: { x: number; y: number } | null = null;
  private readonly held = new Set<string>();
  private triggerHeld = false;
  /** A click shorter than one input step still fires once: set on press, cleared when sent. */
  private triggerPulled = false;
  private readonly listeners: Array<() => void> = [];

  constructor(private readonly canvas: HTMLCanvasElement) {
    this.on(window, "keydown", (e) => this.key(e as KeyboardEvent, true));
    this.on(window, "keyup", (e) => this.key(e as KeyboardEvent, false));
    this.on(window, "blur", () => this.release());
    this.on(document, "visibilitychange", () => {
      if (document.hidden) this.release();
    });
    this.on(canvas, "pointermove", (e) => this.point(e as PointerEvent));
    this.on(canvas, "pointerdown", (e) => {
      const event = e as PointerEvent;
      if (event.button !== 0) return;
      this.point(event);
      this.triggerHeld = true;
      this.triggerPulled = true;
    });
    this.on(window, "pointerup", (e) => {
      if ((e as PointerEvent).button === 0) this.triggerHeld = false;
    });
    this.on(canvas, "contextmenu", (e) => e.preventDefault());
  }

  /** Held direction on each axis, -1, 0 or 1 (the rules normalize diagonals). */
  direction(): { dx: number; dy: number } {
    return {
      dx: (this.any(RIGHT) ? 1 : 0) - (this.any(LEFT) ? 1 : 0),
      dy: (this.any(DOWN) ? 1 : 0) - (this.any(UP) ? 1 : 0),
    };
  }

  /** Whether this input step fires; a pending click counts once. */
  takeTrigger(): boolean {
    const fire = this.triggerHeld || this.triggerPulled || this.any(SPACE);
    this.triggerPulled = false;
    return fire;
  }

  /** Lets go of everything: a hidden tab must not keep walking into a wall. */
  release(): void {
    this.held.clear();
    this.triggerHeld = false;
    this.triggerPulled = false;
  }

  dispose(): void {
    for (const off of this.listeners) off();
    this.listeners.length = 0;
    this.release();
  }

  private key(event: KeyboardEvent, down: boolean): void {
    if (!GAME_KEYS.has(event.code)) return;
    const target = event.target as HTMLElement | null;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA")) return;
    event.preventDefault(); // arrows and space would scroll the page
    if (down) this.held.add(event.code);
    else this.held.delete(event.code);
  }

  private point(event: PointerEvent): void {
    const rect = this.canvas.getBoundingClientRect();
    this.pointer = { x: event.clientX - rect.left, y: event.clientY - rect.top };
  }

  private any(keys: ReadonlySet<string>): boolean {
    for (const code of keys) if (this.held.has(code)) return true;
    return false;
  }

  private on(target: EventTarget, type: string, handler: (event: Event) => void): void {
    target.addEventListener(type, handler);
    this.listeners.push(() => target.removeEventListener(type, handler));
  }
}

const SPACE = new Set(["Space"]);
