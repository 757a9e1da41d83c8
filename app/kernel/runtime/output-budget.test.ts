import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../output-limits.ts';
import { OutputBudget } from './output-budget.ts';
import type { CellOutput } from '../protocol.ts';

const budget = () => new OutputBudget(DEFAULT_LIMITS);
const size = (outputs: readonly CellOutput[]): number =>
  outputs.reduce(
    (n, o) => n + (o.kind === 'markdown' ? o.markdown.length : o.kind === 'result' || o.kind === 'text' ? o.text.length : 0),
    0,
  );

describe('OutputBudget (kernel side)', () => {
  it('cuts a 50 MB result at 1 MB, with a notice', () => {
    const out = budget().admit({ kind: 'result', text: `'${'x'.repeat(50_000_000)}'` });
    expect(out.map((o) => o.kind)).toEqual(['result', 'notice']);
    expect(size(out)).toBe(1_000_000);
    expect(out[1]).toEqual({ kind: 'notice', text: "Result truncated after 1 MB (the limit for one cell's result)." });
  });

  it('lets 50 × 1 MB of Markdown put 1 MB on the page, then one notice, then nothing', () => {
    const b = budget();
    const all = Array.from({ length: 50 }, () => b.admit({ kind: 'markdown', markdown: 'y'.repeat(1_000_000) })).flat();
    expect(size(all)).toBe(1_000_000);
    expect(all.map((o) => o.kind)).toEqual(['markdown', 'notice']);
  });

  it('cuts results at 10,000 lines too', () => {
    const out = budget().admit({ kind: 'result', text: Array.from({ length: 20_000 }, (_, i) => String(i)).join('\n') });
    expect(out[0]?.kind === 'result' && out[0].text.split('\n')).toHaveLength(10_000);
    expect(out[1]).toEqual({ kind: 'notice', text: "Result truncated after 10,000 lines (the limit for one cell's result)." });
  });

  it('replaces figures and images past 10 MB, and tables past 1 MB, by notices', () => {
    const b = budget();
    const image = (n: number): CellOutput => ({ kind: 'image', src: `data:image/png;base64,${'A'.repeat(n)}`, alt: 'i' });
    expect(b.admit(image(6_000_000))[0]?.kind).toBe('image');
    expect(b.admit(image(6_000_000))).toEqual([
      { kind: 'notice', text: 'Image not shown: its 6 MB would pass the 10 MB limit for figures and images of one cell.' },
    ]);
    expect(b.admit({ kind: 'svg', html: `<svg>${' '.repeat(5_000_000)}</svg>`, alt: 'f' })).toEqual([
      { kind: 'notice', text: 'Figure not shown: its 5 MB would pass the 10 MB limit for figures and images of one cell.' },
    ]);
    const rows = Array.from({ length: 1000 }, () => ['z'.repeat(2000)]);
    expect(b.admit({ kind: 'table', columns: ['a'], rows })).toEqual([
      { kind: 'notice', text: 'Table not shown: its 2 MB of text would pass the 1 MB output limit of one cell.' },
    ]);
  });

  it('keeps print, results and displayed text in separate budgets', () => {
    const b = budget();
    b.admit({ kind: 'text', stream: 'stdout', text: 'p'.repeat(2_000_000) });
    expect(b.truncated).toBe(true);
    expect(b.admit({ kind: 'result', text: '1' })).toEqual([{ kind: 'result', text: '1' }]);
    expect(b.admit({ kind: 'markdown', markdown: '# hi' })).toEqual([{ kind: 'markdown', markdown: '# hi' }]);
    expect(b.admit({ kind: 'text', stream: 'stdout', text: 'more' })).toEqual([]);
  });

  it('cuts a huge error message but always shows the error', () => {
    const [error] = budget().admit({ kind: 'error', name: 'Error', message: 'e'.repeat(3_000_000) });
    expect(error?.kind === 'error' && error.message.length).toBe(1_000_000 + ' … (message cut at 1 MB)'.length);
  });
});
