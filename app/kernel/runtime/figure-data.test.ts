import { describe, expect, it } from 'vitest';
import { figureTable, rememberFigureData } from './figure-data.ts';

describe('rememberFigureData', () => {
  it('keeps the first mark with data as a table: objects by key, tuples by index, numbers as one column', () => {
    const a = {};
    rememberFigureData(a, [
      { data: undefined },
      [
        {
          data: [
            { bits: 8, n: 256 },
            { bits: 16, n: 65536, extra: 'x' },
          ],
        },
      ],
    ]);
    expect(figureTable(a)).toEqual({
      columns: ['bits', 'n', 'extra'],
      rows: [
        ['8', '256', ''],
        ['16', '65536', 'x'],
      ],
      total: 2,
    });
    const b = {};
    rememberFigureData(b, [
      {
        data: [
          [1, 2],
          [3, 4],
        ],
      },
    ]);
    expect(figureTable(b)?.rows).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    const c = {};
    rememberFigureData(c, { data: [0.5, 1.5] });
    expect(figureTable(c)).toEqual({ columns: ['value'], rows: [['0.5'], ['1.5']], total: 2 });
  });

  it('keeps at most 1000 rows but counts them all, and nothing for marks without data', () => {
    const big = {};
    rememberFigureData(big, [{ data: Array.from({ length: 1500 }, (_, i) => i) }]);
    expect(figureTable(big)?.rows).toHaveLength(1000);
    expect(figureTable(big)?.total).toBe(1500);
    const none = {};
    rememberFigureData(none, [{ data: [] }, {}]);
    expect(figureTable(none)).toBeUndefined();
  });
});
