// One place where the services publish contract events; each binding (IPC, bridge) listens here.
import type { EventName, PayloadOf } from '../../shared/api';

export type EventListener = <K extends EventName>(name: K, payload: PayloadOf<K>) => void;

export class EventHub {
  private readonly listeners = new Set<EventListener>();

  on(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<K extends EventName>(name: K, payload: PayloadOf<K>): void {
    for (const l of this.listeners) l(name, payload);
  }
}
