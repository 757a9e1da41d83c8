import { describe, expect, it } from 'vitest';
import type { CellOutput } from '../kernel/protocol.ts';
import { cellId, lessonId, type CellId } from '../shared/brand.ts';
import { KeyValueEditBackend } from './edit-backend.ts';
import { FakeKernel } from './fake-kernel.ts';
import type { NotebookLesson } from './lesson-view.ts';
import { KeyValueOutputBackend, outputsKey } from './output-backend.ts';
import { readOutputRecord } from './output-record.ts';
import { MemoryStorage } from './persistence.ts';
import { createNotebookStore } from './store.ts';

const lesson = (codes: readonly string[], hash = 'h1'): NotebookLesson => ({
  id: lessonId('demo'),
  hash,
  title: 'Demo',
  cells: codes.map((source, i) => ({ id: cellId(`demo/c${i + 1}`), index: i + 1, source, attrs: [], timeoutSeconds: null })),
});
const c = (n: number): CellId => cellId(`demo/c${n}`);
const text = (t: string): CellOutput => ({ kind: 'text', text: t, stream: 'stdout' });
const error: CellOutput = { kind: 'error', name: 'Error', message: 'boom', line: 1, column: 1 };
const image = (chars: number): CellOutput => ({
  kind: 'image',
  src: `data:image/png;base64,${'A'.repeat(chars)}`,
  width: 4,
  height: 4,
  alt: 'Image, 4×4',
});

/** A storage whose writes can be made to fail as a full disk does. */
class FullableStorage extends MemoryStorage {
  full = false;
  override setItem(key: string, value: string): void {
    if (this.full) throw Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
    super.setItem(key, value);
  }
}

function open(
  storage: FullableStorage,
  outputStorage: FullableStorage = storage,
  options: { budget?: number; codes?: readonly string[] } = {},
) {
  const kernel = new FakeKernel();
  const store = createNotebookStore({
    kernel,
    storage,
    edits: new KeyValueEditBackend(storage),
    outputs: new KeyValueOutputBackend(outputStorage),
    ...(options.budget !== undefined && { outputBudget: options.budget }),
  });
  const opened = store.getState().openLesson(lesson(options.codes ?? ['print("a")', 'throw new Error("boom")', 'display(img)']));
  return { kernel, store, opened };
}

async function saved(store: ReturnType<typeof open>['store']): Promise<void> {
  store.getState().flush();
  await store.getState().settled();
}

describe('outputs kept for the next visit', () => {
  it('come back with their [n], marked as from an earlier session, until the cell runs again (then [1] of the new session)', async () => {
    const storage = new FullableStorage();
    const first = open(storage);
    await first.opened;
    first.store.getState().runAll();
    first.kernel.complete(0, [text('a')]);
    first.kernel.complete(1, [text('before'), error], false);
    first.store.getState().runCell(c(3));
    first.kernel.complete(2, [image(100)]);
    expect(first.store.getState().cells[c(3)]?.execCount).toBe(3);
    await saved(first.store);

    const second = open(storage);
    await second.opened;
    const cells = second.store.getState().cells;
    expect(cells[c(1)]).toMatchObject({ status: 'ok', outputs: [text('a')], execCount: 1, fromEarlierSession: true, stale: false });
    expect(cells[c(2)]).toMatchObject({ status: 'error', outputs: [text('before'), error], execCount: 2, fromEarlierSession: true });
    expect(cells[c(3)]).toMatchObject({ status: 'ok', outputs: [image(100)], execCount: 3, fromEarlierSession: true });
    expect(second.store.getState().execCounter).toBe(0);

    second.store.getState().runCell(c(2));
    expect(second.store.getState().cells[c(2)]?.fromEarlierSession).toBe(true); // queued: still the old outputs
    second.kernel.complete(0, [text('fixed')]);
    expect(second.store.getState().cells[c(2)]).toMatchObject({
      status: 'ok',
      outputs: [text('fixed')],
      execCount: 1,
      fromEarlierSession: false,
    });
    expect(second.store.getState().cells[c(1)]).toMatchObject({ execCount: 1, fromEarlierSession: true });
    await saved(second.store);

    // The new run replaced the saved one; the others stay as they were saved.
    const record = readOutputRecord(JSON.parse(storage.getItem(outputsKey(lessonId('demo')))!));
    expect(record?.cells[c(2)]).toMatchObject({ outputs: [text('fixed')], execCount: 1, status: 'ok' });
    expect(record?.cells[c(1)]).toMatchObject({ outputs: [text('a')], execCount: 1 });
  });

  it('a kernel restart numbers runs from 1 again and names only the cells run in this session', async () => {
    const storage = new FullableStorage();
    const first = open(storage);
    await first.opened;
    first.store.getState().runCell(c(1));
    first.kernel.complete(0, [text('a')]);
    await saved(first.store);

    const second = open(storage);
    await second.opened;
    second.store.getState().runCell(c(3));
    second.kernel.complete(0, [text('three')]);
    second.store.getState().runCell(c(3));
    second.kernel.complete(1, [text('three again')]);
    expect(second.store.getState().cells[c(3)]?.execCount).toBe(2);
    second.store.getState().restartKernel();
    expect(second.store.getState().execCounter).toBe(0);
    expect(second.store.getState().kernelNotice).toBe('The kernel restarted; all definitions are gone. Run again: Cell 3.');
    expect(second.store.getState().cells[c(1)]).toMatchObject({ fromEarlierSession: true, stale: false, execCount: 1 });
    expect(second.store.getState().cells[c(3)]).toMatchObject({ stale: true, execCount: 2 });
    second.store.getState().runCell(c(2));
    second.kernel.complete(2, [text('two')]);
    expect(second.store.getState().cells[c(2)]?.execCount).toBe(1);
    second.store.getState().runCell(c(1));
    second.kernel.complete(3, [text('one')]);
    expect(second.store.getState().cells[c(1)]?.execCount).toBe(2);
    // A kernel that dies (out of memory) is a new session too.
    second.kernel.dieIdle();
    second.kernel.emit('idle');
    expect(second.store.getState().execCounter).toBe(0);
    second.store.getState().runCell(c(3));
    second.kernel.complete(4, [text('three')]);
    expect(second.store.getState().cells[c(3)]).toMatchObject({ execCount: 1, stale: false });
  });

  it('saves only within the budget: the big image is replaced by a note saying so; the page still shows it', async () => {
    const storage = new FullableStorage();
    const first = open(storage, storage, { budget: 20_000 });
    await first.opened;
    first.store.getState().runCell(c(3));
    first.kernel.complete(0, [text('drawn'), image(30_000)]);
    await saved(first.store);
    expect(first.store.getState().cells[c(3)]?.outputs).toEqual([text('drawn'), image(30_000)]);
    const second = open(storage, storage, { budget: 20_000 });
    await second.opened;
    expect(second.store.getState().cells[c(3)]?.outputs).toEqual([
      text('drawn'),
      {
        kind: 'notice',
        text: "Image not kept (30.1 kB): over this lesson's 20 kB budget for saved outputs. Run the cell again to see it.",
      },
    ]);
  });

  it('Reset lesson forgets the saved outputs; a cell cancelled by an earlier error forgets its own', async () => {
    const storage = new FullableStorage();
    const first = open(storage);
    await first.opened;
    first.store.getState().runAll();
    first.kernel.complete(0, [text('a')]);
    first.kernel.complete(1, [text('b')]);
    first.kernel.complete(2, [text('c')]);
    await saved(first.store);
    first.store.getState().runAll();
    first.kernel.complete(3, [error], false); // cell 1 fails: cells 2 and 3 are not run
    await saved(first.store);
    const record = readOutputRecord(JSON.parse(storage.getItem(outputsKey(lessonId('demo')))!));
    expect(Object.keys(record?.cells ?? {})).toEqual([c(1)]);
    first.store.getState().resetLesson();
    await saved(first.store);
    expect(storage.getItem(outputsKey(lessonId('demo')))).toBeNull();
  });

  it('a failed output write is a quiet problem of its own; the edits are saved all the same', async () => {
    const storage = new FullableStorage();
    const outputStorage = new FullableStorage();
    const first = open(storage, outputStorage);
    await first.opened;
    outputStorage.full = true;
    first.store.getState().editCell(c(1), 'print("mine")');
    first.store.getState().runCell(c(1));
    first.kernel.complete(0, [text('mine')]);
    await saved(first.store);
    expect(first.store.getState().saveProblem).toBeNull();
    expect(first.store.getState().outputsProblem).toBe("the browser's storage for this site is full");
    expect(storage.getItem('qlab:edits:demo')).toContain('print(\\"mine\\")');
    // Room again: the next write takes what failed.
    outputStorage.full = false;
    first.store.getState().runCell(c(2));
    first.kernel.complete(1, [text('two')]);
    await saved(first.store);
    expect(first.store.getState().outputsProblem).toBeNull();
    const record = readOutputRecord(JSON.parse(outputStorage.getItem(outputsKey(lessonId('demo')))!));
    expect(Object.keys(record?.cells ?? {})).toEqual([c(1), c(2)]);
  });

  it('storage full for the edits: the saved outputs are deleted to make room, and written again once edits save', async () => {
    const storage = new FullableStorage();
    const first = open(storage);
    await first.opened;
    first.store.getState().runCell(c(1));
    first.kernel.complete(0, [text('a')]);
    await saved(first.store);
    expect(storage.getItem(outputsKey(lessonId('demo')))).not.toBeNull();
    storage.full = true;
    first.store.getState().editCell(c(2), 'print("keep me")');
    await saved(first.store);
    expect(first.store.getState().saveProblem).toBe("the browser's storage for this site is full");
    await first.store.getState().settled();
    expect(storage.getItem(outputsKey(lessonId('demo')))).toBeNull();
    expect(first.store.getState().outputsProblem).toBe('they were deleted to leave the room to your edits, which could not be saved');
    // Nothing is written for outputs while edits fail.
    first.store.getState().runCell(c(3));
    first.kernel.complete(1, [text('c')]);
    await saved(first.store);
    expect(storage.getItem(outputsKey(lessonId('demo')))).toBeNull();
    storage.full = false;
    first.store.getState().editCell(c(2), 'print("keep me!")');
    await saved(first.store);
    expect(first.store.getState().saveProblem).toBeNull();
    first.store.getState().flush();
    await first.store.getState().settled();
    expect(first.store.getState().outputsProblem).toBeNull();
    const record = readOutputRecord(JSON.parse(storage.getItem(outputsKey(lessonId('demo')))!));
    expect(Object.keys(record?.cells ?? {})).toEqual([c(1), c(3)]);
  });

  it("a cell run before the saved outputs loaded keeps this session's outputs", async () => {
    const storage = new FullableStorage();
    const first = open(storage);
    await first.opened;
    first.store.getState().runCell(c(1));
    first.kernel.complete(0, [text('old')]);
    await saved(first.store);
    const second = open(storage);
    second.store.getState().runCell(c(1));
    second.kernel.complete(0, [text('new')]);
    await second.opened;
    expect(second.store.getState().cells[c(1)]).toMatchObject({ outputs: [text('new')], execCount: 1, fromEarlierSession: false });
  });

  it('restoring writes nothing; a restored cell whose outputs are cleared (mark left on or not) is forgotten', async () => {
    const storage = new FullableStorage();
    const first = open(storage);
    await first.opened;
    first.store.getState().runAll();
    first.kernel.complete(0, [text('a')]);
    first.kernel.complete(1, [text('b')]);
    await saved(first.store);
    const before = storage.getItem(outputsKey(lessonId('demo')));
    const second = open(storage);
    await second.opened;
    await saved(second.store);
    expect(storage.getItem(outputsKey(lessonId('demo')))).toBe(before);
    // What a "Clear output" action does to the runtime entry: new (empty) outputs, nothing else.
    second.store.setState((s) => ({ cells: { ...s.cells, [c(1)]: { ...s.cells[c(1)]!, status: 'idle', outputs: [] } } }));
    await saved(second.store);
    const record = readOutputRecord(JSON.parse(storage.getItem(outputsKey(lessonId('demo')))!));
    expect(Object.keys(record?.cells ?? {})).toEqual([c(2)]);
  });
});
