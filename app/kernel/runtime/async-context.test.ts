import { describe, expect, it } from 'vitest';
import { createAsyncContext } from './async-context.ts';

/** A slot that records every owner set; `now` is what current() answers. */
function slot() {
  const state = { now: 'caller' as string | null, set: [] as (string | null | undefined)[] };
  const context = createAsyncContext<string>({ current: () => state.now, set: (owner) => void state.set.push(owner) });
  return { state, context };
}

describe('createAsyncContext', () => {
  it('a first stretch leaves the owner alone; after each await the caller is the owner until the stretch ends', () => {
    const { state, context } = slot();
    const act = context.enter();
    state.now = 'someone else';
    expect(context.pause(act, 1)).toBe(1);
    expect(state.set).toEqual([]);
    expect(context.resume(act, 'v')).toBe('v');
    expect(state.set).toEqual(['caller']);
    context.pause(act, 2);
    expect(state.set).toEqual(['caller', undefined]);
    context.resume(act, 3);
    context.leave(act);
    expect(state.set).toEqual(['caller', undefined, 'caller', undefined]);
  });

  it('a catch or finally reached from a rejected await resumes as the caller; reached synchronously, changes nothing', () => {
    const { state, context } = slot();
    const act = context.enter();
    context.caught(act);
    expect(state.set).toEqual([]);
    context.pause(act, Promise.resolve());
    context.caught(act);
    context.caught(act);
    expect(state.set).toEqual(['caller']);
  });

  it('a call that never awaited leaves nothing behind; tokens not made by enter() are ignored', () => {
    const { state, context } = slot();
    context.leave(context.enter());
    for (const forged of [{}, null, 1, { owner: 'x', resumed: true, suspended: true }]) {
      context.resume(forged, 0);
      context.caught(forged);
      context.leave(forged);
      expect(context.pause(forged, 'kept')).toBe('kept');
    }
    expect(state.set).toEqual([]);
    expect(Object.isFrozen(context)).toBe(true);
  });
});
