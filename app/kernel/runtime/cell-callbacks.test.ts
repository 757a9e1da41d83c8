import { describe, expect, it } from 'vitest';
import { CellCallbacks, type TimerFunctions } from './cell-callbacks.ts';

/** Host timers a test fires by hand. */
function manualTimers() {
  const pending = new Map<number, { fn: () => void; repeat: boolean }>();
  let next = 1;
  const start = (repeat: boolean) => (fn: () => void) => {
    const id = next++;
    pending.set(id, { fn, repeat });
    return () => void pending.delete(id);
  };
  const micro: (() => void)[] = [];
  const timers: TimerFunctions = { setTimeout: start(false), setInterval: start(true), queueMicrotask: (fn) => void micro.push(fn) };
  const fireAll = (): void => {
    for (const [id, t] of [...pending]) {
      if (!t.repeat) pending.delete(id);
      t.fn();
    }
    for (const fn of micro.splice(0)) fn();
  };
  return { timers, pending, fireAll };
}

describe('CellCallbacks', () => {
  it('runs each callback as the owner that was current when it was created', () => {
    const host = manualTimers();
    let current = 'run1';
    const seen: string[] = [];
    let owner: string | null = null;
    const callbacks = new CellCallbacks<string>(
      {
        current: () => current,
        runAs: (o, cb) => {
          owner = o;
          cb();
          owner = null;
        },
      },
      host.timers,
    );
    const { setTimeout, setInterval, queueMicrotask } = callbacks.builtins;
    setInterval(() => seen.push(`interval as ${owner}`), 0);
    current = 'run2';
    setTimeout((x: unknown) => seen.push(`timeout ${String(x)} as ${owner}`), 10, 'arg');
    queueMicrotask(() => seen.push(`micro as ${owner}`));
    host.fireAll();
    host.fireAll();
    expect(seen).toEqual(['interval as run1', 'timeout arg as run2', 'micro as run2', 'interval as run1']);
  });

  it('clearAll cancels every pending timer; clearTimeout/clearInterval cancel one', () => {
    const host = manualTimers();
    const callbacks = new CellCallbacks<string>({ current: () => 'r', runAs: (_o, cb) => cb() }, host.timers);
    const { setTimeout, setInterval, clearInterval } = callbacks.builtins;
    const a = setInterval(() => undefined, 5);
    setInterval(() => undefined, 5);
    setTimeout(() => undefined, 5);
    expect(callbacks.pending).toBe(3);
    clearInterval(a);
    expect(callbacks.pending).toBe(2);
    expect(callbacks.clearAll()).toBe(2);
    expect(host.pending.size).toBe(0);
  });

  it('refuses a string callback (never evaluated as code)', () => {
    const callbacks = new CellCallbacks<string>({ current: () => null, runAs: (_o, cb) => cb() }, manualTimers().timers);
    expect(() => callbacks.builtins.setTimeout('alert(1)', 0)).toThrow(
      new TypeError('setTimeout: the callback must be a function, not string'),
    );
  });
});
