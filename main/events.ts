import type { KioskEvents } from '../preload/types.ts';

type Listener<E extends keyof KioskEvents> = (payload: KioskEvents[E]) => void;

/** Typed fan-out of main-process events to whichever transport is attached (Electron window, browser host). */
export class KioskEventBus {
  private readonly listeners = new Set<(event: keyof KioskEvents, payload: unknown) => void>();

  emit<E extends keyof KioskEvents>(event: E, payload: KioskEvents[E]): void {
    for (const listener of this.listeners) listener(event, payload);
  }

  /** Subscribes to every event; returns the unsubscribe function. */
  subscribe(listener: (event: keyof KioskEvents, payload: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  on<E extends keyof KioskEvents>(event: E, listener: Listener<E>): () => void {
    return this.subscribe((name, payload) => {
      if (name === event) listener(payload as KioskEvents[E]);
    });
  }
}
