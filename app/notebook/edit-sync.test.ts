import { describe, expect, it } from 'vitest';
import { cellId, lessonId } from '../shared/brand.ts';
import { KeyValueEditBackend, LayeredEditBackend, type EditBackend } from './edit-backend.ts';
import type { EditRecord } from './edit-record.ts';
import { FakeKernel } from './fake-kernel.ts';
import type { NotebookLesson } from './lesson-view.ts';
import { MemoryStorage } from './persistence.ts';
import { createNotebookStore } from './store.ts';
import { MemoryTabHub } from './tab-channel.ts';

const lesson = (codes: readonly string[], hash = 'h1'): NotebookLesson => ({
  id: lessonId('demo'),
  hash,
  title: 'Demo',
  cells: codes.map((source, i) => ({ id: cellId(`demo/c${i + 1}`), index: i + 1, source, attrs: [], timeoutSeconds: null })),
});
const c = (n: number) => cellId(`demo/c${n}`);

/** Two tabs of one browser: one storage, one broadcast hub. */
async function twoTabs(codes: readonly string[] = ['a', 'b', 'c']) {
  const storage = new MemoryStorage();
  const hub = new MemoryTabHub();
  const open = async (tab: string) => {
    const store = createNotebookStore({ kernel: new FakeKernel(), storage, channel: hub.channel(), tab });
    await store.getState().openLesson(lesson(codes));
    return store;
  };
  return { storage, open, hub };
}

const settle = async (...stores: { getState(): { settled(): Promise<void> } }[]) => {
  for (let i = 0; i < 3; i++) for (const s of stores) await s.getState().settled();
};

describe('two tabs on one lesson', () => {
  it("tab B (opened earlier) saving cell 2 keeps tab A's edit of cell 1, and each tab shows the other's edit", async () => {
    const { storage, open } = await twoTabs();
    const b = await open('B');
    const a = await open('A');
    a.getState().editCell(c(1), 'A wrote this');
    a.getState().flush();
    await settle(a, b);
    b.getState().editCell(c(2), 'B wrote this');
    b.getState().flush();
    await settle(a, b);
    expect(b.getState().sources[c(1)]).toBe('A wrote this');
    expect(a.getState().sources[c(2)]).toBe('B wrote this');
    expect(b.getState().tabNotice).toBe('This lesson is also open in another tab; cell 1 was changed there.');
    const reopened = createNotebookStore({ kernel: new FakeKernel(), storage });
    await reopened.getState().openLesson(lesson(['a', 'b', 'c']));
    expect([reopened.getState().sources[c(1)], reopened.getState().sources[c(2)]]).toEqual(['A wrote this', 'B wrote this']);
    expect(reopened.getState().unmatched).toEqual([]);
  });

  it('both tabs change the same cell: the later save wins, the other version is kept as unmatched, and both tabs are told', async () => {
    const { storage, open } = await twoTabs();
    const a = await open('A');
    const b = await open('B');
    a.getState().editCell(c(1), 'first, from A');
    b.getState().editCell(c(1), 'later, from B');
    a.getState().flush();
    await settle(a);
    b.getState().flush();
    await settle(a, b);
    expect(b.getState().sources[c(1)]).toBe('later, from B');
    expect(a.getState().sources[c(1)]).toBe('later, from B');
    for (const tab of [a, b]) {
      expect(tab.getState().unmatched.map((u) => [u.source, u.reason, u.cellIndex])).toEqual([['first, from A', 'other-tab', 1]]);
      expect(tab.getState().tabNotice).toMatch(/^This lesson is also open in another tab; cell 1 was changed there/);
    }
    // Keep both: apply A's version to cell 3; discard nothing.
    const uid = a.getState().unmatched[0]!.uid;
    a.getState().applyUnmatched(uid, c(3));
    await settle(a, b);
    const reopened = createNotebookStore({ kernel: new FakeKernel(), storage });
    await reopened.getState().openLesson(lesson(['a', 'b', 'c']));
    expect([reopened.getState().sources[c(1)], reopened.getState().sources[c(3)]]).toEqual(['later, from B', 'first, from A']);
    expect(reopened.getState().unmatched).toEqual([]);
  });

  it('cells added in two tabs are both kept', async () => {
    const { storage, open } = await twoTabs();
    const a = await open('A');
    const b = await open('B');
    const fromA = a.getState().insertCell(c(1), 'below')!;
    a.getState().editCell(fromA, 'added in A');
    a.getState().flush();
    await settle(a, b);
    const fromB = b.getState().insertCell(c(3), 'below')!;
    b.getState().editCell(fromB, 'added in B');
    b.getState().flush();
    await settle(a, b);
    const reopened = createNotebookStore({ kernel: new FakeKernel(), storage });
    await reopened.getState().openLesson(lesson(['a', 'b', 'c']));
    const sources = Object.values(reopened.getState().structure.added).map((x) => reopened.getState().sources[x.id]);
    expect(sources.sort()).toEqual(['added in A', 'added in B']);
  });
});

/** A backend whose writes fail while `full` is set, as a browser's full storage does. */
class FullableBackend implements EditBackend {
  readonly name = 'test';
  full = false;
  readonly inner: KeyValueEditBackend;
  constructor(readonly storage = new MemoryStorage()) {
    this.inner = new KeyValueEditBackend(storage);
  }
  load(l: Parameters<EditBackend['load']>[0]) {
    return this.inner.load(l);
  }
  update(l: Parameters<EditBackend['update']>[0], change: (r: EditRecord | null) => EditRecord | null) {
    if (this.full) return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    return this.inner.update(l, change);
  }
}

describe('storage full', () => {
  it('says so at once, keeps the edit in memory, retries, and saves it once there is room', async () => {
    const timers: { fn: () => void; at: number }[] = [];
    let now = 0;
    const backend = new FullableBackend();
    const store = createNotebookStore({
      kernel: new FakeKernel(),
      storage: new MemoryStorage(),
      edits: backend,
      now: () => now,
      setTimer: (fn, delay) => timers.push({ fn, at: now + delay }),
      clearTimer: () => undefined,
    });
    await store.getState().openLesson(lesson(['a', 'b']));
    backend.full = true;
    store.getState().editCell(c(2), 'precious');
    store.getState().flush();
    await store.getState().settled();
    expect(store.getState().saveProblem).toBe("the browser's storage for this site is full");
    expect(store.getState().sources[c(2)]).toBe('precious');
    expect(backend.storage.keys()).toEqual([]);
    backend.full = false;
    now += 1000;
    for (const t of timers.splice(0)) if (t.at <= now) t.fn();
    await store.getState().settled();
    expect(store.getState().saveProblem).toBeNull();
    const reopened = createNotebookStore({ kernel: new FakeKernel(), storage: new MemoryStorage(), edits: backend });
    await reopened.getState().openLesson(lesson(['a', 'b']));
    expect(reopened.getState().sources[c(2)]).toBe('precious');
  });
});

describe('IndexedDB with localStorage underneath', () => {
  it('migrates a version 1 localStorage save into the primary store on first load, then removes it', async () => {
    const legacy = new MemoryStorage();
    legacy.setItem(
      'qlab:edits:demo',
      JSON.stringify({ version: 1, lessonHash: 'h1', savedAt: 3, cells: { 'demo/c2': { source: 'old edit', base: 'b' } } }),
    );
    const primary = new KeyValueEditBackend(new MemoryStorage(), 'IndexedDB');
    const backend = new LayeredEditBackend(primary, new KeyValueEditBackend(legacy), () => 'u');
    const store = createNotebookStore({ kernel: new FakeKernel(), storage: legacy, edits: backend });
    await store.getState().openLesson(lesson(['a', 'NEW above', 'b'], 'h2'));
    expect(store.getState().sources[c(3)]).toBe('old edit');
    expect(legacy.getItem('qlab:edits:demo')).toBeNull();
    expect((await primary.load(lessonId('demo')))?.cells['demo/c3']?.source).toBe('old edit');
  });

  it('writes to localStorage when the primary store refuses, and folds it back in later', async () => {
    const legacy = new MemoryStorage();
    const primary = new FullableBackend();
    const backend = new LayeredEditBackend(primary, new KeyValueEditBackend(legacy), () => 'u');
    const store = createNotebookStore({ kernel: new FakeKernel(), storage: legacy, edits: backend });
    await store.getState().openLesson(lesson(['a', 'b']));
    store.getState().editCell(c(1), 'kept in primary');
    store.getState().flush();
    await store.getState().settled();
    primary.full = true;
    store.getState().editCell(c(2), 'kept in localStorage');
    store.getState().flush();
    await store.getState().settled();
    expect(store.getState().saveProblem).toBeNull();
    expect(legacy.getItem('qlab:edits:demo')).toContain('kept in localStorage');
    primary.full = false;
    const reopened = createNotebookStore({ kernel: new FakeKernel(), storage: legacy, edits: backend });
    await reopened.getState().openLesson(lesson(['a', 'b']));
    expect([reopened.getState().sources[c(1)], reopened.getState().sources[c(2)]]).toEqual(['kept in primary', 'kept in localStorage']);
    expect(legacy.getItem('qlab:edits:demo')).toBeNull();
  });
});
