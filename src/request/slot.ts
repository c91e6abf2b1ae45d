// A value kept on an object for as long as the object lives, under a symbol of its own: per-request
// state (the request's record, its cost, its charge) made and dropped thousands of times a second.
// A WeakMap would do the same, but on Node 20 each set of a young key cost ~1 µs (the scavenger
// walks the ephemeron table: bench/PROFILE.md, 3 Dec 20:30), a property ~10 ns.

/** One named slot on objects of type `Owner`. */
export class Slot<Owner extends object, Value> {
  private readonly symbol: symbol;

  constructor(name: string) {
    this.symbol = Symbol(name);
  }

  get(owner: Owner): Value | undefined {
    return (owner as Record<symbol, Value | undefined>)[this.symbol];
  }

  set(owner: Owner, value: Value): void {
    (owner as Record<symbol, Value | undefined>)[this.symbol] = value;
  }

  /** Empties the slot (the property stays, undefined: deleting it would change the object's shape). */
  clear(owner: Owner): void {
    (owner as Record<symbol, Value | undefined>)[this.symbol] = undefined;
  }
}
