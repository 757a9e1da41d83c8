import { describe, expect, test } from 'vitest';
import { SLICE_MS, TypesetQueue, type TypesetHost } from './typeset-queue.ts';

/** A host whose clock advances `cost` ms per formula typeset, and whose slices run when the test says. */
function fakeHost(cost = 1) {
  let clock = 0;
  const slices: (() => void)[] = [];
  const typeset: number[] = [];
  const progress: [number, boolean][] = [];
  const removed = new Set<number>();
  const host: TypesetHost<number> = {
    typeset: (f) => {
      typeset.push(f);
      clock += cost;
    },
    isPending: (f) => !typeset.includes(f) && !removed.has(f),
    now: () => clock,
    schedule: (slice) => {
      slices.push(slice);
      return () => void slices.splice(slices.indexOf(slice), 1);
    },
    progress: (n, finished) => void progress.push([n, finished]),
  };
  const runSlice = (): void => slices.shift()!();
  return { host, typeset, progress, removed, slices, runSlice };
}

describe('TypesetQueue', () => {
  test('typesets in slices of at most SLICE_MS, in reading order, reporting progress after each', () => {
    const h = fakeHost(1);
    const queue = new TypesetQueue(h.host);
    queue.add(Array.from({ length: 30 }, (_, i) => i));
    expect(h.slices).toHaveLength(1);
    h.runSlice();
    expect(h.typeset).toEqual(Array.from({ length: SLICE_MS }, (_, i) => i));
    expect(h.progress).toEqual([[SLICE_MS, false]]);
    h.runSlice();
    h.runSlice();
    expect(h.typeset).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(h.progress.at(-1)).toEqual([30, true]);
    expect(h.slices).toHaveLength(0);
  });

  test('formulas near the viewport go first; ones typeset or removed meanwhile are skipped', () => {
    const h = fakeHost(5);
    const queue = new TypesetQueue(h.host);
    queue.add([0, 1, 2, 3, 4, 5, 6]);
    queue.near(5, true);
    queue.near(6, true);
    queue.near(6, false);
    h.removed.add(1);
    h.runSlice();
    expect(h.typeset).toEqual([5, 0, 2]);
    h.runSlice();
    expect(h.slices).toHaveLength(0);
    expect(h.typeset).toEqual([5, 0, 2, 3, 4, 6]);
    expect(queue.typeset).toBe(6);
    expect(h.progress.at(-1)).toEqual([6, true]);
  });

  test('a formula added after it finished wakes it again; stop cancels the next slice', () => {
    const h = fakeHost(1);
    const queue = new TypesetQueue(h.host);
    queue.add([1]);
    h.runSlice();
    expect(h.progress).toEqual([[1, true]]);
    queue.add([2, 3]);
    expect(h.slices).toHaveLength(1);
    queue.stop();
    expect(h.slices).toHaveLength(0);
    queue.add([4]);
    expect(h.slices).toHaveLength(0);
    expect(h.typeset).toEqual([1]);
  });
});
