// The one object that holds every top-level binding of the notebook, like a
// Jupyter kernel's globals. Compiled cells read and write it as `__scope.x`
// and declare through the `__let` / `__const` proxies (see compile/rewrite-scope.ts).
//
// Lookup chain: own declarations → built-ins → the global object → a
// ReferenceError, so a cell that shadows a built-in (`const print = …`) wins,
// and an unknown name fails the way JavaScript does.

type Values = Record<string, unknown>;

/** Plain objects so that the compiled code stays free of helper calls. */
export interface ScopeBindings {
  readonly values: Values;
  /** `__let.x = v` (re)declares x as a variable. */
  readonly letProxy: Values;
  /** `__const.x = v` (re)declares x as a constant: assigning it later throws. */
  readonly constProxy: Values;
  /** `__hoist("x")` makes a `var x` exist (undefined) from the cell's start. */
  readonly hoist: (...names: string[]) => void;
}

export class SharedScope implements ScopeBindings {
  readonly values: Values;
  readonly letProxy: Values;
  readonly constProxy: Values;
  readonly #builtins: Values;

  constructor(builtins: Readonly<Values> = {}) {
    this.#builtins = Object.create(globalFallback());
    for (const [name, value] of Object.entries(builtins)) this.defineBuiltin(name, value);
    this.values = Object.create(this.#builtins);
    this.letProxy = this.#declarer(true);
    this.constProxy = this.#declarer(false);
  }

  readonly hoist = (...names: string[]): void => {
    for (const name of names) {
      const value = Object.hasOwn(this.values, name) ? this.values[name] : undefined;
      define(this.values, name, value, true);
    }
  };

  /** Adds or replaces a built-in after start-up (e.g. `Plot`, loaded lazily). */
  defineBuiltin(name: string, value: unknown): void {
    // Not `builtins[name] = value`: a missing name would reach the global fallback's set trap.
    Object.defineProperty(this.#builtins, name, { value, writable: true, enumerable: true, configurable: true });
  }

  hasBuiltin(name: string): boolean {
    return Object.hasOwn(this.#builtins, name);
  }

  /** Names the cells declared, in declaration order. */
  declaredNames(): string[] {
    return Object.keys(this.values);
  }

  isConstant(name: string): boolean {
    return Object.getOwnPropertyDescriptor(this.values, name)?.writable === false;
  }

  #declarer(writable: boolean): Values {
    return new Proxy<Values>(Object.create(null), {
      set: (_target, key, value) => {
        if (typeof key === 'string') define(this.values, key, value, writable);
        return true;
      },
      has: (_target, key) => Object.hasOwn(this.values, key),
    });
  }
}

function define(values: Values, name: string, value: unknown, writable: boolean): void {
  // `const f = () => 1` names the arrow "f"; assigning to a property does not, so do it here.
  if (typeof value === 'function' && value.name === '') {
    Object.defineProperty(value, 'name', { value: name, configurable: true });
  }
  Object.defineProperty(values, name, { value, writable, enumerable: true, configurable: true });
}

/** The end of every scope's lookup chain: the global object, then a ReferenceError. */
function globalFallback(): object {
  const bound = new Map<string, unknown>();
  return new Proxy(Object.create(null), {
    get: (_target, key) => {
      if (typeof key === 'symbol') return Reflect.get(globalThis, key);
      if (!(key in globalThis)) throw new ReferenceError(`${key} is not defined`);
      const value: unknown = Reflect.get(globalThis, key);
      // `__scope.setTimeout(f)` would call it with `this` = the scope ("Illegal invocation").
      // Plain host functions (no prototype) get bound once; classes keep their statics.
      if (typeof value !== 'function' || Object.hasOwn(value, 'prototype')) return value;
      if (!bound.has(key)) bound.set(key, value.bind(globalThis));
      return bound.get(key);
    },
    has: (_target, key) => key in globalThis,
    set: (_target, key, value) => {
      if (typeof key === 'symbol' || key in globalThis) return Reflect.set(globalThis, key, value);
      throw new ReferenceError(`${key} is not defined`);
    },
  });
}
