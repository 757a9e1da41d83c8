import { describe, expect, it } from 'vitest';
import { cellId, lessonId } from '../shared/brand.ts';
import { seededRandom } from '../shared/seeded-random.ts';
import { FakeKernel } from './fake-kernel.ts';
import type { NotebookLesson } from './lesson-view.ts';
import { MemoryStorage } from './persistence.ts';
import { createNotebookStore, type NotebookStore } from './store.ts';
import { visibleCells } from './structure.ts';
import { MemoryTabHub } from './tab-channel.ts';

const lesson = (n: number): NotebookLesson => ({
  id: lessonId('demo'),
  hash: 'h1',
  title: 'Demo',
  cells: Array.from({ length: n }, (_, i) => ({
    id: cellId(`c${i + 1}`),
    index: i + 1,
    source: `code ${i + 1}`,
    attrs: [],
    timeoutSeconds: null,
  })),
});

function setup(n = 3) {
  const kernel = new FakeKernel();
  const storage = new MemoryStorage();
  const store = createNotebookStore({ kernel, storage });
  void store.getState().openLesson(lesson(n));
  return { kernel, storage, store };
}

const order = (store: NotebookStore): string[] => {
  const s = store.getState();
  return visibleCells(s.lesson!, s.structure).map((c) => c.id);
};

/** Completes every run the store sends, one after another (each prints its cell id); returns the ids run. */
function drain(kernel: FakeKernel, from: number): string[] {
  for (let i = from; i < kernel.runs.length; i++)
    kernel.complete(i, [{ kind: 'text', text: `ran ${kernel.runs[i]!.cellId}`, stream: 'stdout' }]);
  return kernel.runs.slice(from).map((r) => r.cellId);
}

describe('moveCell', () => {
  it('moves an added cell past its neighbours, re-anchoring it when it passes a lesson cell', () => {
    const { store } = setup();
    const s = store.getState();
    const x = s.insertCell(cellId('c1'), 'below')!;
    const y = s.insertCell(x, 'below')!;
    expect(order(store)).toEqual(['c1', x, y, 'c2', 'c3']);
    expect(s.moveCell(y, 'up')).toBe(true);
    expect(order(store)).toEqual(['c1', y, x, 'c2', 'c3']);
    expect(s.moveCell(y, 'up')).toBe(true);
    expect(order(store)).toEqual([y, 'c1', x, 'c2', 'c3']);
    expect(store.getState().structure.added.find((a) => a.id === y)?.after).toBeNull();
    expect(s.moveCell(y, 'up')).toBe(false);
    expect(s.moveCell(x, 'down')).toBe(true);
    expect(order(store)).toEqual([y, 'c1', 'c2', x, 'c3']);
    expect(store.getState().structure.added.find((a) => a.id === x)?.after).toBe('c2');
    expect(s.moveCell(x, 'down')).toBe(true);
    expect(s.moveCell(x, 'down')).toBe(false);
    expect(order(store)).toEqual([y, 'c1', 'c2', 'c3', x]);
  });

  it('leaves lesson cells in the lesson order', () => {
    const { store } = setup();
    expect(store.getState().moveCell(cellId('c2'), 'up')).toBe(false);
    expect(store.getState().moveCell(cellId('c2'), 'down')).toBe(false);
    expect(order(store)).toEqual(['c1', 'c2', 'c3']);
  });

  it('passes over a deleted lesson cell as if it were not there', () => {
    const { store } = setup();
    const s = store.getState();
    const x = s.insertCell(cellId('c1'), 'below')!;
    s.deleteCell(cellId('c2'));
    expect(order(store)).toEqual(['c1', x, 'c3']);
    expect(s.moveCell(x, 'down')).toBe(true);
    expect(order(store)).toEqual(['c1', 'c3', x]);
    expect(s.undoDelete()).toBe('c2');
    expect(order(store)).toEqual(['c1', 'c2', 'c3', x]);
  });

  it('is saved: the moved order survives a reload', async () => {
    const { storage, store } = setup();
    const x = store.getState().insertCell(cellId('c3'), 'below')!;
    store.getState().editCell(x, 'mine');
    store.getState().moveCell(x, 'up');
    store.getState().moveCell(x, 'up');
    store.getState().flush();
    await store.getState().settled();
    const again = createNotebookStore({ kernel: new FakeKernel(), storage });
    await again.getState().openLesson(lesson(3));
    expect(order(again)).toEqual(['c1', x, 'c2', 'c3']);
    expect(again.getState().sources[x]).toBe('mine');
  });
});

describe('moves across two tabs', () => {
  it('a move in one tab shows in the other, and a cell the other tab added meanwhile is kept', async () => {
    const storage = new MemoryStorage();
    const hub = new MemoryTabHub();
    const open = async (tab: string) => {
      const store = createNotebookStore({ kernel: new FakeKernel(), storage, channel: hub.channel(), tab });
      await store.getState().openLesson(lesson(3));
      return store;
    };
    const settle = async (...stores: NotebookStore[]) => {
      for (let i = 0; i < 3; i++) for (const st of stores) await st.getState().settled();
    };
    const a = await open('A');
    const b = await open('B');
    const x = a.getState().insertCell(cellId('c1'), 'below')!;
    a.getState().editCell(x, 'from A');
    a.getState().flush();
    await settle(a, b);
    expect(order(b)).toEqual(['c1', x, 'c2', 'c3']);
    expect(a.getState().moveCell(x, 'down')).toBe(true);
    await settle(a, b);
    expect(order(b)).toEqual(['c1', 'c2', x, 'c3']);
    const y = b.getState().insertCell(cellId('c3'), 'below')!;
    b.getState().flush();
    await settle(a, b);
    expect(order(a)).toEqual(['c1', 'c2', x, 'c3', y]);
    const reopened = createNotebookStore({ kernel: new FakeKernel(), storage });
    await reopened.getState().openLesson(lesson(3));
    expect(order(reopened)).toEqual(['c1', 'c2', x, 'c3', y]);
    expect(reopened.getState().sources[x]).toBe('from A');
  });
});

describe('Run above / Run from here', () => {
  it('Run above queues the code cells shown above, not the cell itself; Markdown and deleted cells are skipped', () => {
    const { kernel, store } = setup(4);
    const s = store.getState();
    const note = s.insertCell(cellId('c1'), 'below', 'markdown')!;
    const mine = s.insertCell(note, 'below')!;
    s.editCell(mine, 'print(1)');
    s.deleteCell(cellId('c2'));
    expect(s.runAbove(cellId('c3'))).toEqual(['c1', mine]);
    expect(drain(kernel, 0)).toEqual(['c1', mine]);
    expect(kernel.runs[1]!.code).toBe('print(1)');
    expect(store.getState().cells[cellId('c3')]!.execCount).toBeNull();
    expect(s.runAbove(cellId('c1'))).toEqual([]);
  });

  it('Run from here queues the cell and every code cell below it, and stops at an error like Run all', () => {
    const { kernel, store } = setup(4);
    const s = store.getState();
    expect(s.runFromHere(cellId('c2'))).toEqual(['c2', 'c3', 'c4']);
    kernel.complete(0, []);
    kernel.complete(1, [{ kind: 'error', name: 'Error', message: 'boom' }], false);
    expect(kernel.runs.map((r) => r.cellId)).toEqual(['c2', 'c3']);
    expect(store.getState().cells[cellId('c4')]!.status).toBe('cancelled');
    expect(store.getState().cells[cellId('c1')]!.status).toBe('idle');
  });

  it('from a Markdown cell, runs the code cells below it', () => {
    const { kernel, store } = setup(2);
    const note = store.getState().insertCell(cellId('c1'), 'below', 'markdown')!;
    expect(store.getState().runFromHere(note)).toEqual(['c2']);
    expect(drain(kernel, 0)).toEqual(['c2']);
  });
});

describe('Clear output / Clear all outputs', () => {
  it('clears outputs and [n] but not the kernel counter, and never a cell that runs or waits', () => {
    const { kernel, store } = setup(3);
    const s = store.getState();
    s.runAll();
    drain(kernel, 0);
    expect(store.getState().cells[cellId('c2')]!.outputs).toHaveLength(1);
    expect(s.clearOutput(cellId('c2'))).toBe(true);
    expect(store.getState().cells[cellId('c2')]).toMatchObject({ outputs: [], execCount: null, status: 'idle' });
    expect(store.getState().cells[cellId('c1')]!.execCount).toBe(1);
    s.runCell(cellId('c1'));
    s.runCell(cellId('c3'));
    expect(s.clearOutput(cellId('c3'))).toBe(false);
    // c1 is running, c3 is queued: only c2 (already clear) and nothing else can be cleared now.
    expect(s.clearAllOutputs()).toBe(0);
    drain(kernel, 3);
    expect(store.getState().cells[cellId('c3')]!.execCount).toBe(5);
    expect(s.clearAllOutputs()).toBe(2);
    for (const id of ['c1', 'c2', 'c3'])
      expect(store.getState().cells[cellId(id)]).toMatchObject({ outputs: [], execCount: null, status: 'idle', stale: false });
    s.runCell(cellId('c2'));
    drain(kernel, 5);
    expect(store.getState().cells[cellId('c2')]!.execCount).toBe(6);
  });

  it('names the cleared cells in `touched`, so only they re-render', () => {
    const { kernel, store } = setup(3);
    store.getState().runCell(cellId('c3'));
    drain(kernel, 0);
    store.getState().clearAllOutputs();
    expect(store.getState().touched.ids).toEqual(['c3']);
  });
});

// Seeded fuzz: random sequences of insert / move / delete / undo / run above / run from here /
// clear all against a plain array of every cell (hidden lesson cells included) in display order.
interface RefCell {
  readonly id: string;
  readonly lesson: boolean;
  hidden: boolean;
  readonly kind: 'code' | 'markdown';
}
type RefRemoval =
  | { readonly kind: 'lesson'; readonly id: string }
  | { readonly kind: 'added'; readonly cell: RefCell; readonly prev: string | null; readonly source: string };

async function fuzz(seed: number, steps: number): Promise<void> {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const lessonSize = 1 + Math.floor(rnd() * 5);
  const { kernel, storage, store } = setup(lessonSize);
  const s = store.getState();
  const ref: RefCell[] = lesson(lessonSize).cells.map((c) => ({ id: c.id, lesson: true, hidden: false, kind: 'code' }));
  const undo: RefRemoval[] = [];
  const sources = new Map<string, string>();
  const visible = () => ref.filter((c) => !c.hidden);
  const at = (id: string) => ref.findIndex((c) => c.id === id);
  let ran = 0;

  for (let step = 0; step < steps; step++) {
    const where = `seed ${seed}, step ${step}`;
    const shown = visible();
    const op = Math.floor(rnd() * 7);
    if (op === 0 || shown.length === 0) {
      const target = shown.length === 0 ? null : pick(shown);
      const side = rnd() < 0.5 ? 'above' : 'below';
      const kind = rnd() < 0.7 ? 'code' : 'markdown';
      if (target === null) {
        // Everything deleted: bring a cell back instead.
        const removal = undo.pop()!;
        const restored = s.undoDelete();
        expect(restored, where).toBe(removal.kind === 'lesson' ? removal.id : removal.cell.id);
        restoreRef(removal);
      } else {
        const id = s.insertCell(cellId(target.id), side, kind)!;
        expect(id, where).not.toBeNull();
        ref.splice(at(target.id) + (side === 'below' ? 1 : 0), 0, { id, lesson: false, hidden: false, kind });
        const code = `print("${id}")`;
        s.editCell(id, code);
        sources.set(id, code);
      }
    } else if (op === 1) {
      const target = pick(shown);
      const direction = rnd() < 0.5 ? 'up' : 'down';
      const i = shown.indexOf(target);
      const neighbour = shown[i + (direction === 'up' ? -1 : 1)];
      const expected = !target.lesson && neighbour !== undefined;
      expect(s.moveCell(cellId(target.id), direction), where).toBe(expected);
      if (expected) {
        ref.splice(at(target.id), 1);
        ref.splice(at(neighbour.id) + (direction === 'down' ? 1 : 0), 0, target);
      }
    } else if (op === 2) {
      const target = pick(shown);
      expect(s.deleteCell(cellId(target.id)), where).toBe(true);
      if (target.lesson) {
        target.hidden = true;
        undo.push({ kind: 'lesson', id: target.id });
      } else {
        const i = at(target.id);
        undo.push({ kind: 'added', cell: target, prev: ref[i - 1]?.id ?? null, source: sources.get(target.id) ?? '' });
        ref.splice(i, 1);
      }
    } else if (op === 3) {
      const removal = undo.pop();
      const restored = s.undoDelete();
      expect(restored, where).toBe(removal === undefined ? null : removal.kind === 'lesson' ? removal.id : removal.cell.id);
      if (removal !== undefined) {
        restoreRef(removal);
        if (removal.kind === 'added') expect(store.getState().sources[cellId(removal.cell.id)], where).toBe(removal.source);
      }
    } else if (op === 4 || op === 5) {
      const target = pick(shown);
      const i = shown.indexOf(target);
      const part = op === 4 ? shown.slice(0, i) : shown.slice(i);
      const expected = part.filter((c) => c.kind === 'code').map((c) => c.id);
      const queued = op === 4 ? s.runAbove(cellId(target.id)) : s.runFromHere(cellId(target.id));
      expect(queued, where).toEqual(expected);
      expect(drain(kernel, ran), where).toEqual(expected);
      ran = kernel.runs.length;
      for (const id of expected)
        expect(store.getState().cells[cellId(id)]!.outputs, where).toEqual([{ kind: 'text', text: `ran ${id}`, stream: 'stdout' }]);
    } else {
      s.clearAllOutputs();
      for (const c of shown) expect(store.getState().cells[cellId(c.id)], where).toMatchObject({ outputs: [], execCount: null });
    }
    const st = store.getState();
    const actual = visibleCells(st.lesson!, st.structure).map((c) => [c.id, c.kind === 'lesson' ? 'code' : c.cell.kind]);
    expect(actual, where).toEqual(visible().map((c) => [c.id, c.kind]));
  }

  function restoreRef(removal: RefRemoval): void {
    if (removal.kind === 'lesson') {
      ref[at(removal.id)]!.hidden = false;
      return;
    }
    ref.splice(removal.prev === null ? 0 : at(removal.prev) + 1, 0, removal.cell);
  }

  // Everything is saved: a reload shows the same cells, in the same order, with their code.
  store.getState().flush();
  await store.getState().settled();
  const again = createNotebookStore({ kernel: new FakeKernel(), storage });
  await again.getState().openLesson(lesson(lessonSize));
  expect(order(again), `seed ${seed} after reload`).toEqual(visible().map((c) => c.id));
  for (const c of visible())
    if (!c.lesson) expect(again.getState().sources[cellId(c.id)], `seed ${seed}: code of ${c.id}`).toBe(sources.get(c.id));
}

describe('seeded fuzz of cell operations against a plain array', () => {
  for (const seed of [1, 42, 2026, 31_337, 900_001]) {
    it(`seed ${seed}: 400 random insert / move / delete / undo / run above / run from here / clear all steps`, async () => {
      await fuzz(seed, 400);
    });
  }
});
