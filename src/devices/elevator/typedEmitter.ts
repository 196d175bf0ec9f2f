/**
 * A small typed event emitter: event names and payloads come from one map type, so a
 * listener for `floorReached` gets `{ floor: number }` and a typo does not compile.
 * Listeners run synchronously in the order they were added.
 */

/** A listener for one event of the map. */
export type Listener<Payload> = (payload: Payload) => void;

/**
 * Typed emitter over an event map `{ name: payload }`.
 *
 * @example
 * const events = new TypedEmitter<{ tick: { n: number } }>();
 * const off = events.on('tick', ({ n }) => console.log(n));
 * events.emit('tick', { n: 1 }); // logs 1
 * off();
 */
export class TypedEmitter<Events extends object> {
  // Arrays keep insertion order, so listeners run in a stated order.
  private readonly listeners = new Map<keyof Events, Listener<never>[]>();

  /** Adds a listener; returns a function that removes it. */
  on<Name extends keyof Events>(name: Name, listener: Listener<Events[Name]>): () => void {
    const list = this.listeners.get(name) ?? [];
    list.push(listener as Listener<never>);
    this.listeners.set(name, list);
    return () => this.off(name, listener);
  }

  /** Adds a listener that runs once. */
  once<Name extends keyof Events>(name: Name, listener: Listener<Events[Name]>): () => void {
    const off = this.on(name, (payload) => {
      off();
      listener(payload);
    });
    return off;
  }

  /** Removes a listener added with `on`. */
  off<Name extends keyof Events>(name: Name, listener: Listener<Events[Name]>): void {
    const list = this.listeners.get(name);
    if (list === undefined) return;
    const index = list.indexOf(listener as Listener<never>);
    if (index >= 0) list.splice(index, 1);
  }

  /** Calls every listener of `name` with `payload`; a copy of the list, so listeners may unsubscribe. */
  emit<Name extends keyof Events>(name: Name, payload: Events[Name]): void {
    const list = this.listeners.get(name);
    if (list === undefined) return;
    for (const listener of [...list]) (listener as Listener<Events[Name]>)(payload);
  }

  /** Number of listeners of `name`, for tests and leak checks. */
  listenerCount(name: keyof Events): number {
    return this.listeners.get(name)?.length ?? 0;
  }

  /** Removes every listener. */
  removeAll(): void {
    this.listeners.clear();
  }
}
