// The one run queue (run-queue.ts), through the store as components use it, with the scripted FakeKernel.
import { describe, expect, it } from 'vitest';
import { cellId, ms } from '../shared/brand.ts';
import { demoLesson as lesson, FakeKernel, fakeKernelStore as setup } from './fake-kernel.ts';
import { MemoryStorage } from './persistence.ts';
import { createNotebookStore } from './store.ts';
import { outputText } from './cell-runtime.ts';

describe('runCell', () => {
  it('sends the current source and records outputs, status and the execution counter', () => {
    const { kernel, store } = setup();
    store.getState().editCell(cellId('c1'), 'print(1)');
    store.getState().runCell(cellId('c1'));
    expect(store.getState().cells[cellId('c1')]?.status).toBe('queued');
    expect(kernel.runs[0]?.code).toBe('print(1)');
    kernel.complete(0, [{ kind: 'text', text: '1', stream: 'stdout' }]);
    const c1 = store.getState().cells[cellId('c1')];
    expect(c1?.status).toBe('ok');
    expect(c1?.execCount).toBe(1);
    expect(outputText(c1?.outputs ?? [])).toBe('1');
  });
});

describe('runAll', () => {
  it('runs one cell at a time in lesson order', () => {
    const { kernel, store } = setup();
    store.getState().runAll();
    expect(kernel.runs.map((r) => r.cellId)).toEqual(['c1']);
    kernel.complete(0, []);
    expect(kernel.runs.map((r) => r.cellId)).toEqual(['c1', 'c2']);
    kernel.complete(1, []);
    kernel.complete(2, []);
    expect(Object.values(store.getState().cells).map((c) => c.execCount)).toEqual([1, 2, 3]);
  });

  it('stops at the first failing cell and marks the rest as not run', () => {
    const { kernel, store } = setup();
    store.getState().runAll();
    kernel.complete(0, [{ kind: 'error', name: 'Error', message: 'boom' }], false);
    expect(kernel.runs).toHaveLength(1);
    expect(store.getState().cells[cellId('c2')]?.status).toBe('cancelled');
    expect(store.getState().cells[cellId('c3')]?.status).toBe('cancelled');
  });
});

describe('runAll past a cell that fails on purpose', () => {
  it('goes on after a cell marked raises', () => {
    const kernel = new FakeKernel();
    const store = createNotebookStore({ kernel, storage: new MemoryStorage() });
    const base = lesson(['a', 'b', 'c']);
    store.getState().openLesson({ ...base, cells: base.cells.map((c, i) => (i === 0 ? { ...c, attrs: ['raises'] } : c)) });
    store.getState().runAll();
    kernel.complete(0, [{ kind: 'error', name: 'TypeError', message: 'on purpose' }], false);
    expect(kernel.runs.map((r) => r.cellId)).toEqual(['c1', 'c2']);
    expect(store.getState().cells[cellId('c3')]?.status).toBe('queued');
  });
});

describe('interrupt', () => {
  it('restarts the kernel, unqueues cells, and names the cells to run again', () => {
    const { kernel, store } = setup();
    store.getState().runAll();
    kernel.complete(0, []);
    kernel.runs[1]?.listener.started();
    store.getState().interrupt();
    expect(kernel.interrupts).toBe(1);
    const s = store.getState();
    expect(s.cells[cellId('c2')]?.status).toBe('error');
    expect(outputText(s.cells[cellId('c2')]?.outputs ?? [])).toBe('Interrupted: stopped by the user; the kernel was restarted');
    expect(s.cells[cellId('c3')]?.status).toBe('cancelled');
    expect(s.cells[cellId('c1')]?.stale).toBe(true);
    expect(s.kernelNotice).toContain('Run again: Cell 1, Cell 2.');
  });

  it('with no cell running, asks the kernel to cancel pending timers and keeps every cell as it was', () => {
    const { kernel, store } = setup();
    store.getState().runCell(cellId('c1'));
    kernel.complete(0, []);
    store.getState().interrupt();
    expect(kernel.interrupts).toBe(1);
    const s = store.getState();
    expect(s.cells[cellId('c1')]?.status).toBe('ok');
    expect(s.cells[cellId('c1')]?.stale).toBe(false);
    expect(s.kernelNotice).toBe('No cell was running: timers and callbacks the cells left pending were cancelled; variables are kept.');
  });

  it('ignores late events from the interrupted run', () => {
    const { kernel, store } = setup();
    store.getState().runCell(cellId('c1'));
    const late = kernel.runs[0]!.listener;
    late.started();
    store.getState().interrupt();
    late.outputs([{ kind: 'text', text: 'late', stream: 'stdout' }]);
    expect(outputText(store.getState().cells[cellId('c1')]?.outputs ?? [])).not.toContain('late');
  });
});

describe('kernel death', () => {
  it('flags cells that ran before as stale when the kernel restarts on its own', () => {
    const { kernel, store } = setup();
    store.getState().runCell(cellId('c1'));
    kernel.complete(0, []);
    store.getState().runCell(cellId('c2'));
    kernel.runs[1]!.listener.started();
    kernel.emit('restarting');
    kernel.end(1, { kind: 'died', cause: 'worker', duration: ms(5) });
    const s = store.getState();
    expect(s.cells[cellId('c1')]?.stale).toBe(true);
    expect(s.cells[cellId('c2')]?.status).toBe('error');
    expect(s.kernelNotice).toContain('The kernel stopped and was restarted');
  });
});

describe('the run queue in the state', () => {
  it('shows what waits and what runs in getState().schedule', () => {
    const { kernel, store } = setup();
    store.getState().runAll();
    expect(store.getState().schedule).toMatchObject({ queued: ['c2', 'c3'], running: 'c1', checking: null });
    expect(store.getState().busy).toBe(true);
    kernel.complete(0, []);
    expect(store.getState().schedule).toMatchObject({ queued: ['c3'], running: 'c2' });
    kernel.complete(1, []);
    kernel.complete(2, []);
    expect(store.getState().schedule).toMatchObject({ queued: [], running: null });
    expect(store.getState().busy).toBe(false);
  });

  it('takes a batch of outputs in one update, whatever its size', () => {
    const { kernel, store } = setup();
    store.getState().runCell(cellId('c1'));
    const run = kernel.runs[0]!.listener;
    run.started();
    let updates = 0;
    const stop = store.subscribe(() => (updates += 1));
    const lines = Array.from({ length: 500 }, (_, i) => ({ kind: 'text' as const, text: `line ${i}`, stream: 'stdout' as const }));
    run.outputs(lines);
    run.outputs(lines.slice(0, 2));
    stop();
    expect(updates).toBe(2);
    expect(store.getState().cells[cellId('c1')]?.outputs).toHaveLength(502);
  });

  it('a run that died cancels what waits, marks earlier cells stale and says so', () => {
    const { kernel, store } = setup();
    store.getState().runCell(cellId('c1'));
    kernel.complete(0, []);
    store.getState().runAll();
    kernel.runs[1]!.listener.started();
    kernel.end(1, { kind: 'died', cause: 'process', duration: ms(40) });
    const s = store.getState();
    expect(s.cells[cellId('c1')]).toMatchObject({ status: 'error', stale: true });
    expect(s.cells[cellId('c2')]?.status).toBe('cancelled');
    expect(s.cells[cellId('c2')]?.outputs).toEqual([{ kind: 'notice', text: 'not run: the kernel died and restarted' }]);
    expect(s.schedule).toMatchObject({ queued: [], running: null });
    expect(s.execCounter).toBe(0);
    expect(s.kernelNotice).toBe(
      'The kernel stopped and was restarted (the cell that was running says why); all definitions are gone. Run again: Cell 1.',
    );
    expect(kernel.runs).toHaveLength(2);
  });

  it('a run that timed out restarts the session like a death, naming why the rest did not run', () => {
    const { kernel, store } = setup();
    store.getState().runAll();
    kernel.runs[0]!.listener.started();
    kernel.end(0, { kind: 'timed-out', limit: ms(3000), duration: ms(3000) });
    const s = store.getState();
    expect(s.cells[cellId('c1')]).toMatchObject({ status: 'error', duration: 3000 });
    expect(s.cells[cellId('c2')]?.outputs).toEqual([
      { kind: 'notice', text: 'not run: an earlier cell ran out of time and the kernel restarted' },
    ]);
    expect(s.kernelNotice).toContain('The kernel stopped and was restarted');
  });

  it('a kernel that never started fails the cell and the rest without a restart notice', () => {
    const { kernel, store } = setup();
    store.getState().runAll();
    kernel.end(0, { kind: 'died', cause: 'never-started', duration: ms(0) });
    const s = store.getState();
    expect(s.cells[cellId('c1')]?.status).toBe('error');
    expect(s.cells[cellId('c2')]?.outputs).toEqual([{ kind: 'notice', text: 'not run: the kernel did not start' }]);
    expect(s.kernelNotice).toBeNull();
    store.getState().runCell(cellId('c1'));
    expect(kernel.runs.map((r) => r.cellId)).toEqual(['c1', 'c1']);
  });

  it('a kernel that died with no cell running marks the cells that ran stale', () => {
    const { kernel, store } = setup();
    store.getState().runCell(cellId('c1'));
    kernel.complete(0, []);
    kernel.dieIdle('process');
    expect(store.getState().cells[cellId('c1')]?.stale).toBe(true);
    expect(store.getState().kernelNotice).toContain('Run again: Cell 1.');
    expect(store.getState().execCounter).toBe(0);
  });

  it('a restart the store did not ask for is no longer guessed from the status', () => {
    const { kernel, store } = setup();
    store.getState().runCell(cellId('c1'));
    kernel.complete(0, []);
    kernel.emit('restarting');
    kernel.emit('idle');
    expect(store.getState().kernelStatus).toBe('idle');
    expect(store.getState().cells[cellId('c1')]?.stale).toBe(false);
    expect(store.getState().kernelNotice).toBeNull();
  });
});
