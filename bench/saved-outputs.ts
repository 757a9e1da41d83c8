// Issue 15's saved outputs (Node, no browser): what one write of a lesson's
// saved outputs costs the page, at 1,000 and 2,000 cells. The page writes at
// most once a second while cells run (app/notebook/output-sync.ts), so this is
// the main-thread time taken once a second during Run all. Baseline, measured
// in the same run: a JSON round trip of the same record (what any write of it
// costs at least). `npm run bench outputs` runs only this section.
import { KeyValueOutputBackend } from '../app/notebook/output-backend.ts';
import { applyOutputChanges, emptyOutputRecord, type SavedCellOutputs } from '../app/notebook/output-record.ts';
import { nextOutputRecord } from '../app/notebook/output-sync.ts';
import { MemoryStorage } from '../app/notebook/persistence.ts';
import { SAVED_OUTPUT_BUDGET_CHARS } from '../app/notebook/saved-output-budget.ts';
import type { NotebookLesson } from '../app/notebook/lesson-view.ts';
import { cellId, lessonId, type CellId } from '../app/shared/brand.ts';
import { median, type BenchRow } from '../scripts/lib/stats.ts';

const SECTION = 'saved outputs';
const RUNS = 15;

function timed(runs: number, f: () => Promise<void> | void): Promise<number> {
  return (async () => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await f();
      times.push(performance.now() - t0);
    }
    return median(times);
  })();
}

const lessonOf = (n: number): NotebookLesson => ({
  id: lessonId('bench-outputs'),
  hash: 'h',
  title: 'Bench',
  cells: Array.from({ length: n }, (_, i) => ({
    id: cellId(`bench-outputs/c${i + 1}`),
    index: i + 1,
    source: `print(${i})`,
    attrs: [],
    timeoutSeconds: null,
  })),
});
const ran = (i: number): SavedCellOutputs => ({
  outputs: [{ kind: 'text', text: `value ${i}: ${'x'.repeat(40)}`, stream: 'stdout' }],
  execCount: i + 1,
  status: 'ok',
  savedAt: 0,
});

export async function benchSavedOutputs(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const n of [1000, 2000]) {
    const lesson = lessonOf(n);
    const all = new Map<CellId, SavedCellOutputs>(lesson.cells.map((c, i) => [c.id, ran(i)]));
    const storage = new MemoryStorage();
    const backend = new KeyValueOutputBackend(storage);
    await backend.update(lesson.id, () => applyOutputChanges(emptyOutputRecord(lesson, 0), lesson, all, 0));
    const json = storage.getItem(`qlab:outputs:${lesson.id}`) ?? '';
    const baseline = await timed(RUNS, () => void JSON.stringify(JSON.parse(json)));
    // One cell ran again: read, re-check, merge, measure against the budget, write.
    const one = new Map([[lesson.cells[0]!.id, ran(7)]]);
    const write = await timed(RUNS, () =>
      backend.update(lesson.id, (current) => nextOutputRecord(current, lesson, one, 1, SAVED_OUTPUT_BUDGET_CHARS)),
    );
    // The same with a 6 MB image in the last cell: over the budget, so the image is cut on every write.
    const big = new Map([
      [
        lesson.cells[n - 1]!.id,
        { ...ran(n), outputs: [{ kind: 'image' as const, src: `data:image/png;base64,${'A'.repeat(6_000_000)}`, alt: 'Image' }] },
      ],
    ]);
    const over = await timed(5, () =>
      backend.update(lesson.id, (current) => nextOutputRecord(current, lesson, big, 2, SAVED_OUTPUT_BUDGET_CHARS)),
    );
    const kb = Math.round(json.length / 1000);
    rows.push(
      { section: SECTION, name: `JSON round trip of the record, ${n} cells (${kb} kB)`, value: baseline, unit: 'ms' },
      {
        section: SECTION,
        name: `one write, ${n} cells, within budget`,
        value: write,
        unit: 'ms',
        ratio: write / baseline,
        baseline: 'vs JSON round trip',
        goal: '< 50 ms',
        met: write < 50,
      },
      {
        section: SECTION,
        name: `one write, ${n} cells + a 6 MB image over budget`,
        value: over,
        unit: 'ms',
        ratio: over / baseline,
        baseline: 'vs JSON round trip',
      },
    );
  }
  return rows;
}
