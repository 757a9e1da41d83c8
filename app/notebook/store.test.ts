// The notebook store (store.ts) with the scripted FakeKernel, in Node: saving edits, Check and hints, adding and deleting cells (the run queue's tests are run-queue.test.ts).
import { describe, expect, it, vi } from 'vitest';
import { cellId, ms } from '../shared/brand.ts';
import { demoLesson as lesson, FakeKernel, fakeKernelStore as setup } from './fake-kernel.ts';
import { createNotebookStore } from './store.ts';
import { visibleCells } from './structure.ts';

describe('persistence', () => {
  it('restores edits after a reload', async () => {
    const { storage, store } = setup();
    store.getState().editCell(cellId('c2'), 'mine');
    store.getState().flush();
    await store.getState().settled();
    const again = createNotebookStore({ kernel: new FakeKernel(), storage });
    await again.getState().openLesson(lesson(['a', 'b', 'c']));
    expect(again.getState().sources[cellId('c2')]).toBe('mine');
    expect(again.getState().conflicts).toEqual({});
  });

  it('saves within one second even while the student keeps typing', () => {
    vi.useFakeTimers();
    try {
      const { storage, store } = setup();
      for (let t = 0; t < 10; t++) {
        store.getState().editCell(cellId('c1'), `x${t}`);
        vi.advanceTimersByTime(150);
      }
      expect(storage.getItem('qlab:edits:demo')).toContain('x6');
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps and flags an edit whose original code changed in a new lesson version', async () => {
    const { storage, store } = setup();
    store.getState().editCell(cellId('c2'), 'mine');
    store.getState().editCell(cellId('c3'), 'mine too');
    store.getState().flush();
    await store.getState().settled();
    const again = createNotebookStore({ kernel: new FakeKernel(), storage });
    await again.getState().openLesson(lesson(['a', 'B changed', 'c'], 'h2'));
    expect(again.getState().sources[cellId('c2')]).toBe('mine');
    expect(again.getState().conflicts[cellId('c2')]).toEqual({ savedBase: 'b' });
    expect(again.getState().conflicts[cellId('c3')]).toBeUndefined();
    again.getState().keepMyEdit(cellId('c2'));
    expect(again.getState().conflicts).toEqual({});
  });

  it('resetCell brings back the lesson code and forgets the edit', () => {
    const { storage, store } = setup();
    store.getState().editCell(cellId('c1'), 'mine');
    store.getState().resetCell(cellId('c1'));
    expect(store.getState().sources[cellId('c1')]).toBe('a');
    expect(storage.getItem('qlab:edits:demo')).toBeNull();
  });
});

describe('checkExercise', () => {
  it('runs the cell, then its checks with the printed output, and records progress', () => {
    const { kernel, store, storage } = setup();
    store.getState().checkExercise(cellId('c2'), 'check.equal(output, "42", "prints 42")');
    expect(store.getState().exercises[cellId('c2')]?.status).toBe('checking');
    kernel.complete(0, [{ kind: 'text', text: '41', stream: 'stdout' }]);
    expect(kernel.runs[1]?.code).toContain('"41"');
    kernel.complete(1, [{ kind: 'text', text: "✗ prints 42: expected '42', got '41'", stream: 'stdout' }]);
    const ex = store.getState().exercises[cellId('c2')];
    expect(ex?.status).toBe('failed');
    expect(ex?.results).toEqual([{ passed: false, message: "prints 42: expected '42', got '41'" }]);
    expect(store.getState().progress[cellId('c2')]).toBe('attempted');

    store.getState().checkExercise(cellId('c2'), 'check.equal(output, "42", "prints 42")');
    kernel.complete(2, [{ kind: 'text', text: '42', stream: 'stdout' }]);
    kernel.complete(3, [{ kind: 'text', text: '✓ prints 42', stream: 'stdout' }]);
    expect(store.getState().exercises[cellId('c2')]?.status).toBe('passed');
    expect(JSON.parse(storage.getItem('qlab:progress:demo') ?? '{}')).toEqual({ c2: 'done' });
  });

  it('fails without running the checks when the cell itself errors', () => {
    const { kernel, store } = setup();
    store.getState().checkExercise(cellId('c1'), 'check.ok(true, "x")');
    kernel.complete(0, [{ kind: 'error', name: 'TypeError', message: 'bad' }], false);
    expect(kernel.runs).toHaveLength(1);
    expect(store.getState().exercises[cellId('c1')]?.status).toBe('failed');
  });

  it('reports an unknown name in the checks as a failure that says what is missing', () => {
    const { kernel, store } = setup();
    store.getState().checkExercise(cellId('c1'), 'check.equal(answer, 2, "answer")');
    kernel.complete(0, []);
    kernel.complete(1, [{ kind: 'error', name: 'ReferenceError', message: 'answer is not defined' }], false);
    const ex = store.getState().exercises[cellId('c1')];
    expect(ex?.status).toBe('failed');
    expect(ex?.results[0]?.message).toContain('answer is not defined (did your cell define it?)');
  });

  it("checks that time out fail with the kernel's words and restart the session", () => {
    const { kernel, store } = setup();
    store.getState().checkExercise(cellId('c1'), 'while (true) {}');
    kernel.complete(0, []);
    expect(store.getState().schedule).toMatchObject({ running: 'c1#check', checking: 'c1' });
    kernel.runs[1]!.listener.started();
    kernel.runs[1]!.listener.outputs([{ kind: 'error', name: 'TimeoutError', message: 'The cell ran longer than 30 s' }]);
    kernel.end(1, { kind: 'timed-out', limit: ms(30_000), duration: ms(30_000) });
    const s = store.getState();
    expect(s.exercises[cellId('c1')]).toMatchObject({
      status: 'failed',
      results: [{ passed: false, message: 'the checks stopped: TimeoutError: The cell ran longer than 30 s' }],
    });
    expect(s.schedule).toMatchObject({ running: null, checking: null, pendingChecks: {} });
    expect(s.cells[cellId('c1')]?.stale).toBe(true);
    expect(s.kernelNotice).toContain('The kernel stopped and was restarted');
  });

  it('showSolution puts the solution in the cell as a saved edit; hints are revealed one at a time', () => {
    const { store } = setup();
    store.getState().showHint(cellId('c1'), 2);
    store.getState().showHint(cellId('c1'), 2);
    store.getState().showHint(cellId('c1'), 2);
    expect(store.getState().exercises[cellId('c1')]?.hintsShown).toBe(2);
    store.getState().showSolution(cellId('c1'), 'print(42)');
    expect(store.getState().sources[cellId('c1')]).toBe('print(42)');
  });
});

describe('adding and deleting cells', () => {
  const order = (store: ReturnType<typeof setup>['store']) => {
    const s = store.getState();
    return visibleCells(s.lesson!, s.structure).map((c) => c.id);
  };

  it('inserts cells above and below, keeping lesson cell ids and positions', () => {
    const { store } = setup();
    const below = store.getState().insertCell(cellId('c1'), 'below')!;
    const above = store.getState().insertCell(cellId('c1'), 'above')!;
    const underNew = store.getState().insertCell(below, 'below')!;
    const aboveC3 = store.getState().insertCell(cellId('c3'), 'above')!;
    expect(order(store)).toEqual([above, 'c1', below, underNew, 'c2', aboveC3, 'c3']);
    expect(store.getState().lesson?.cells.map((c) => c.id)).toEqual(['c1', 'c2', 'c3']);
    expect(store.getState().sources[below]).toBe('');
  });

  it('saves added cells with their code so they survive a reload', async () => {
    const { storage, store } = setup();
    const id = store.getState().insertCell(cellId('c2'), 'below')!;
    store.getState().editCell(id, 'print("mine")');
    store.getState().flush();
    await store.getState().settled();
    const again = createNotebookStore({ kernel: new FakeKernel(), storage });
    await again.getState().openLesson(lesson(['a', 'b', 'c']));
    expect(order(again)).toEqual(['c1', 'c2', id, 'c3']);
    expect(again.getState().sources[id]).toBe('print("mine")');
  });

  it('runs added code cells in Run all, in display order, and skips deleted and Markdown cells', () => {
    const { kernel, store } = setup();
    const id = store.getState().insertCell(cellId('c1'), 'below')!;
    const note = store.getState().insertCell(id, 'below')!;
    store.getState().setCellKind(note, 'markdown');
    store.getState().editCell(id, 'print(2)');
    store.getState().deleteCell(cellId('c3'));
    store.getState().runAll();
    kernel.complete(0, []);
    kernel.complete(1, []);
    kernel.complete(2, []);
    expect(kernel.runs.map((r) => [r.cellId, r.code])).toEqual([
      ['c1', 'a'],
      [id, 'print(2)'],
      ['c2', 'b'],
    ]);
  });

  it('Z restores a deleted lesson cell, also after a reload', async () => {
    const { storage, store } = setup();
    expect(store.getState().deleteCell(cellId('c2'))).toBe(true);
    expect(order(store)).toEqual(['c1', 'c3']);
    const again = createNotebookStore({ kernel: new FakeKernel(), storage });
    await again.getState().openLesson(lesson(['a', 'b', 'c']));
    expect(order(again)).toEqual(['c1', 'c3']);
    expect(again.getState().undoDelete()).toBe('c2');
    expect(order(again)).toEqual(['c1', 'c2', 'c3']);
    expect(storage.getItem('qlab:edits:demo')).toBeNull();
  });

  it('Z restores a deleted added cell at its place with its code, newest deletion first', () => {
    const { store } = setup();
    const a = store.getState().insertCell(cellId('c1'), 'below')!;
    const b = store.getState().insertCell(a, 'below')!;
    store.getState().editCell(a, 'code of a');
    store.getState().deleteCell(a);
    store.getState().deleteCell(cellId('c3'));
    expect(order(store)).toEqual(['c1', b, 'c2']);
    expect(store.getState().undoDelete()).toBe('c3');
    expect(store.getState().undoDelete()).toBe(a);
    expect(order(store)).toEqual(['c1', a, b, 'c2', 'c3']);
    expect(store.getState().sources[a]).toBe('code of a');
    expect(store.getState().undoDelete()).toBeNull();
  });

  it('turns only added cells into Markdown; lesson cells stay code', () => {
    const { store } = setup();
    const id = store.getState().insertCell(cellId('c1'), 'above')!;
    expect(store.getState().setCellKind(id, 'markdown')).toBe(true);
    expect(store.getState().structure.added[0]?.kind).toBe('markdown');
    expect(store.getState().setCellKind(cellId('c1'), 'markdown')).toBe(false);
  });

  it('keeps an added cell whose anchor the new lesson version no longer has, at the end', async () => {
    const { storage, store } = setup();
    const id = store.getState().insertCell(cellId('c3'), 'below')!;
    store.getState().flush();
    await store.getState().settled();
    const again = createNotebookStore({ kernel: new FakeKernel(), storage });
    await again.getState().openLesson(lesson(['a', 'b'], 'h2'));
    expect(order(again)).toEqual(['c1', 'c2', id]);
  });

  it('Reset lesson removes added cells and restores deleted ones', () => {
    const { store } = setup();
    store.getState().insertCell(cellId('c1'), 'below');
    store.getState().deleteCell(cellId('c2'));
    store.getState().resetLesson();
    expect(order(store)).toEqual(['c1', 'c2', 'c3']);
    expect(store.getState().undoDelete()).toBeNull();
  });
});
