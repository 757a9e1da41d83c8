import { describe, expect, it } from 'vitest';
import { cellId, lessonId } from '../shared/brand.ts';
import { createCellSubscriptions } from './cell-subscriptions.ts';
import { FakeKernel } from './fake-kernel.ts';
import { MemoryStorage } from './persistence.ts';
import { createNotebookStore } from './store.ts';

describe('createCellSubscriptions', () => {
  it('notifies only the cell whose own state changed, whatever the lesson size', async () => {
    const kernel = new FakeKernel();
    const store = createNotebookStore({ kernel, storage: new MemoryStorage() });
    const n = 500;
    await store.getState().openLesson({
      id: lessonId('big'),
      hash: 'h',
      title: 'Big',
      cells: Array.from({ length: n }, (_, i) => ({
        id: cellId(`big/c${i + 1}`),
        index: i + 1,
        source: `${i}`,
        attrs: [],
        timeoutSeconds: null,
      })),
    });
    const subs = createCellSubscriptions(store);
    const calls = new Map<string, number>();
    for (let i = 1; i <= n; i++) subs.subscribe(cellId(`big/c${i}`), () => calls.set(`c${i}`, (calls.get(`c${i}`) ?? 0) + 1));
    store.getState().runCell(cellId('big/c7'));
    kernel.complete(0, [{ kind: 'text', text: '6', stream: 'stdout' }]);
    store.getState().editCell(cellId('big/c9'), 'x');
    expect(Object.fromEntries(calls)).toEqual({ c7: 4, c9: 1 });
    // An update that does not name the cells it touched (another tab's edits arriving) is still seen.
    store.setState({ sources: { ...store.getState().sources, [cellId('big/c300')]: 'from another tab' } });
    expect(Object.fromEntries(calls)).toEqual({ c7: 4, c9: 1, c300: 1 });
  });
});
