import { describe, expect, it, test } from 'vitest';
import type { CellOutput } from '../kernel/protocol.ts';
import { seededRandom } from '../shared/seeded-random.ts';
import type { SavedCellOutputs } from './output-record.ts';
import { cellCost, costOf, fitSavedOutputs, SAVED_OUTPUT_BUDGET_CHARS } from './saved-output-budget.ts';

const saved = (outputs: CellOutput[], execCount = 1): SavedCellOutputs => ({ outputs, execCount, status: 'ok', savedAt: 0 });
const text = (t: string): CellOutput => ({ kind: 'text', text: t, stream: 'stdout' });
const png = (chars: number): CellOutput => ({
  kind: 'image',
  src: `data:image/png;base64,${'A'.repeat(chars)}`,
  width: 10,
  height: 10,
  alt: 'Image, 10×10',
});
const svg = (chars: number): CellOutput => ({ kind: 'svg', html: `<svg>${'x'.repeat(chars)}</svg>`, alt: 'Figure' });
const notices = (cells: readonly (readonly [string, SavedCellOutputs])[]): string[] =>
  cells.flatMap(([, c]) => c.outputs.flatMap((o) => (o.kind === 'notice' ? [o.text] : [])));

describe('fitSavedOutputs', () => {
  it('is 5 MB per lesson', () => {
    expect(SAVED_OUTPUT_BUDGET_CHARS).toBe(5_000_000);
  });

  it('keeps everything, as the same objects, when it fits', () => {
    const cells: [string, SavedCellOutputs][] = [
      ['l/c1', saved([text('hi'), png(1000)])],
      ['l/c2', saved([svg(500)], 2)],
    ];
    const fitted = fitSavedOutputs(cells, 10_000);
    expect(fitted).toEqual(cells);
    expect(fitted[0]![1]).toBe(cells[0]![1]);
  });

  it('drops the biggest image first and says so in its place, with its size and the budget', () => {
    const cells: [string, SavedCellOutputs][] = [
      ['l/c1', saved([text('before'), png(3_200_000), text('after')])],
      ['l/c2', saved([png(2_000_000)], 2)],
      ['l/c3', saved([text('x'.repeat(100_000))], 3)],
    ];
    const fitted = fitSavedOutputs(cells);
    expect(costOf(fitted)).toBeLessThanOrEqual(5_000_000);
    expect(fitted[0]![1].outputs).toEqual([
      text('before'),
      { kind: 'notice', text: "Image not kept (3.2 MB): over this lesson's 5 MB budget for saved outputs. Run the cell again to see it." },
      text('after'),
    ]);
    // The second image fits once the first is gone; the text is untouched.
    expect(fitted[1]![1]).toBe(cells[1]![1]);
    expect(fitted[2]![1]).toBe(cells[2]![1]);
    expect(fitted[0]![1].execCount).toBe(1);
  });

  it('drops figures with images, before cutting any text', () => {
    const cells: [string, SavedCellOutputs][] = [['l/c1', saved([svg(6000), text('y'.repeat(3000))])]];
    const fitted = fitSavedOutputs(cells, 4000);
    expect(fitted[0]![1].outputs[0]).toEqual({
      kind: 'notice',
      text: "Figure not kept (6 kB): over this lesson's 4 kB budget for saved outputs. Run the cell again to see it.",
    });
    expect(fitted[0]![1].outputs[1]).toEqual(text('y'.repeat(3000)));
  });

  it('then cuts the biggest text to what fits, keeping its start, with a notice after it', () => {
    const long = 'z'.repeat(20_000);
    const cells: [string, SavedCellOutputs][] = [
      ['l/c1', saved([text('short'), text(long)])],
      ['l/c2', saved([{ kind: 'error', name: 'Error', message: 'boom' }], 2)],
    ];
    const budget = 12_000;
    const fitted = fitSavedOutputs(cells, budget);
    expect(costOf(fitted)).toBeLessThanOrEqual(budget);
    const [first, cut, note] = fitted[0]![1].outputs;
    expect(first).toEqual(text('short'));
    expect(cut?.kind === 'text' && long.startsWith(cut.text) && cut.text.length > 10_000).toBe(true);
    const kept = cut?.kind === 'text' ? cut.text.length : 0;
    expect(note).toEqual({
      kind: 'notice',
      text: `… ${(20_000 - kept).toLocaleString('en-US')} more characters not kept: over this lesson's 12 kB budget for saved outputs. Run the cell again to see them.`,
    });
    // As much as fits is kept: a few hundred characters more would not have fitted.
    expect(budget - costOf(fitted)).toBeLessThan(10);
    expect(fitted[1]![1]).toBe(cells[1]![1]);
  });

  it('never splits a surrogate pair when it cuts', () => {
    const emoji = '😀'.repeat(5000);
    const fitted = fitSavedOutputs([['l/c1', saved([text(emoji)])]], 6000);
    const cut = fitted[0]![1].outputs[0];
    expect(cut?.kind).toBe('text');
    if (cut?.kind === 'text') expect(cut.text).toBe('😀'.repeat(cut.text.length / 2));
  });

  it('drops a table whole, and whole cells last-first when notices alone are too many', () => {
    const table: CellOutput = { kind: 'table', columns: ['a'], rows: Array.from({ length: 500 }, (_, i) => [String(i)]) };
    const fitted = fitSavedOutputs([['l/c1', saved([table])]], 200);
    expect(notices(fitted)).toEqual([expect.stringMatching(/^Table not kept/) as unknown]);
    const many: [string, SavedCellOutputs][] = Array.from({ length: 50 }, (_, i) => [
      `l/c${i + 1}`,
      saved(Array.from({ length: 20 }, () => text('tiny'))),
    ]);
    const small = fitSavedOutputs(many, 30_000);
    expect(costOf(small)).toBeLessThanOrEqual(30_000);
    expect(small).toHaveLength(50);
    expect(small[0]![1]).toBe(many[0]![1]); // the first cells keep theirs
    expect(small.at(-1)![1].outputs).toEqual([
      {
        kind: 'notice',
        text: "This cell's outputs were not kept: over this lesson's 30 kB budget for saved outputs. Run the cell again to see them.",
      },
    ]);
    expect(small.at(-1)![1].execCount).toBe(1);
    // A budget smaller than the notices: the last cells go altogether.
    const tiny = fitSavedOutputs(many, 5000);
    expect(costOf(tiny)).toBeLessThanOrEqual(5000);
    expect(tiny.map(([id]) => id)).toEqual(many.slice(0, tiny.length).map(([id]) => id));
  });
});

/** A random output of a random kind; big ones now and then. */
function randomOutput(rnd: () => number): CellOutput {
  const size = (): number => Math.floor(rnd() ** 3 * 40_000);
  const chars = (n: number): string =>
    Array.from({ length: Math.min(n, 64) }, () => String.fromCharCode(32 + Math.floor(rnd() * 95)))
      .join('')
      .repeat(Math.ceil(n / 64))
      .slice(0, n);
  switch (Math.floor(rnd() * 7)) {
    case 0:
      return png(size());
    case 1:
      return svg(size());
    case 2:
      return { kind: 'error', name: 'Error', message: chars(size()) };
    case 3:
      return { kind: 'markdown', markdown: chars(size()) };
    case 4:
      return { kind: 'table', columns: ['x'], rows: Array.from({ length: Math.floor(rnd() * 200) }, () => [chars(8)]) };
    case 5:
      return { kind: 'result', text: chars(size()) };
    default:
      return text(`${chars(size())}\n"quoted"\\`);
  }
}

const isPicture = (o: CellOutput): boolean => o.kind === 'image' || o.kind === 'svg';
const mainText = (o: CellOutput): string | null =>
  o.kind === 'text' || o.kind === 'result' ? o.text : o.kind === 'error' ? o.message : o.kind === 'markdown' ? o.markdown : null;

describe('fitSavedOutputs against random notebooks', () => {
  for (const seed of [11, 2026, 424_242]) {
    test(`seed ${seed}: 120 notebooks fit the budget; pictures go before any text; what is kept is the original or its start`, () => {
      const rnd = seededRandom(seed);
      for (let n = 0; n < 120; n++) {
        const cells: [string, SavedCellOutputs][] = Array.from({ length: 1 + Math.floor(rnd() * 12) }, (_, i) => [
          `l/c${i + 1}`,
          saved(
            Array.from({ length: Math.floor(rnd() * 6) }, () => randomOutput(rnd)),
            i + 1,
          ),
        ]);
        const total = costOf(cells);
        // One stringify of the list measures the same as each cell on its own.
        expect(total).toBe(cells.reduce((sum, [id, c]) => sum + cellCost(id, c), 0));
        const budget = Math.floor(total * (0.05 + rnd() * 1.1)) + 50;
        const fitted = fitSavedOutputs(cells, budget);
        const where = `notebook ${n} (cost ${total}, budget ${budget})`;
        expect(costOf(fitted), where).toBeLessThanOrEqual(budget);
        if (total <= budget) {
          expect(fitted, where).toEqual(cells);
          continue;
        }
        // Cells keep their ids, order and numbers; only the last ones may be gone entirely.
        expect(
          fitted.map(([id]) => id),
          where,
        ).toEqual(cells.slice(0, fitted.length).map(([id]) => id));
        expect(
          fitted.map(([, c]) => c.execCount),
          where,
        ).toEqual(cells.slice(0, fitted.length).map(([, c]) => c.execCount));
        const kept = fitted.flatMap(([, c]) => c.outputs);
        const textTouched =
          fitted.some(([, c], i) => {
            const before = cells[i]![1].outputs.filter((o) => !isPicture(o));
            const after = c.outputs.filter((o) => o.kind !== 'notice' && !isPicture(o));
            return (
              before.filter((o) => o.kind !== 'notice').length !== after.length ||
              after.some((o, j) => JSON.stringify(o) !== JSON.stringify(before[j]))
            );
          }) || fitted.length < cells.length;
        // Rule 1 before 2: if any text was cut or dropped, no picture was kept (but those smaller than their notice).
        if (textTouched)
          expect(
            kept.filter((o) => isPicture(o) && JSON.stringify(o).length > 200),
            where,
          ).toEqual([]);
        // Whatever is kept is an original output or (text) the start of one, and each loss left a notice.
        fitted.forEach(([, c], i) => {
          const originals = cells[i]![1].outputs;
          const originalJson = new Set(originals.map((p) => JSON.stringify(p)));
          const keptJson = new Set(c.outputs.map((o) => JSON.stringify(o)));
          for (const o of c.outputs) {
            if (o.kind === 'notice') continue;
            const same = originalJson.has(JSON.stringify(o));
            const prefix = mainText(o) !== null && originals.some((p) => p.kind === o.kind && (mainText(p) ?? '').startsWith(mainText(o)!));
            expect(same || prefix, where).toBe(true);
          }
          const lost = [...originalJson].filter((p) => !keptJson.has(p)).length;
          const noted = c.outputs.filter((o) => o.kind === 'notice').length;
          if (lost > 0) expect(noted, where).toBeGreaterThan(0);
        });
      }
    }, 30_000);
  }
});
