import { describe, expect, it } from 'vitest';
import type { CellOutput } from '../kernel/protocol.ts';
import { cellId, lessonId } from '../shared/brand.ts';
import type { NotebookLesson } from './lesson-view.ts';
import { applyOutputChanges, emptyOutputRecord, readOutputRecord, rebaseOutputs, type OutputRecord } from './output-record.ts';

const lesson = (codes: readonly string[], hash: string, keys: readonly (string | undefined)[] = []): NotebookLesson => ({
  id: lessonId('demo'),
  hash,
  title: 'Demo',
  cells: codes.map((source, i) => ({
    id: cellId(`demo/c${i + 1}`),
    index: i + 1,
    source,
    attrs: [],
    timeoutSeconds: null,
    ...(keys[i] !== undefined && { key: keys[i] }),
  })),
});

const every: CellOutput[] = [
  { kind: 'text', text: 'hello', stream: 'stdout' },
  { kind: 'text', text: 'warn', stream: 'stderr' },
  { kind: 'result', text: 'tensor([1, 2])' },
  { kind: 'error', name: 'TypeError', message: 'x is not a function', line: 2, column: 5 },
  { kind: 'table', columns: ['bits', 'n'], rows: [['8', '256']] },
  {
    kind: 'svg',
    html: '<svg viewBox="0 0 1 1"><rect width="1" height="1"/></svg>',
    alt: 'Figure',
    data: { columns: ['x'], rows: [['1']], total: 1 },
  },
  { kind: 'image', src: 'data:image/png;base64,iVBORw0KGgo=', width: 2, height: 3, alt: 'Image, 2×3' },
  { kind: 'markdown', markdown: '**bold**' },
  { kind: 'notice', text: 'Output truncated' },
];

describe('output records', () => {
  const v1 = lesson(['print(1)', 'print(2)', 'print(3)'], 'h1');
  const record = applyOutputChanges(
    emptyOutputRecord(v1, 10),
    v1,
    new Map([
      [cellId('demo/c3'), { outputs: [every[0]!], execCount: 2, status: 'ok', savedAt: 10 }],
      [cellId('demo/c1'), { outputs: every, execCount: 1, status: 'error', savedAt: 10 }],
    ]),
    11,
  );

  it('round-trips every output kind through JSON, in lesson order', () => {
    const back = readOutputRecord(JSON.parse(JSON.stringify(record)));
    expect(back).toEqual(record);
    expect(Object.keys(back!.cells)).toEqual(['demo/c1', 'demo/c3']);
    expect(back!.cells['demo/c1']).toEqual({ outputs: every, execCount: 1, status: 'error', savedAt: 10 });
  });

  it('forgets a cell whose change is null', () => {
    const next = applyOutputChanges(record, v1, new Map([[cellId('demo/c1'), null]]), 12);
    expect(Object.keys(next.cells)).toEqual(['demo/c3']);
    expect(next.savedAt).toBe(12);
  });

  it('refuses what is not a record, and checks stored outputs again', () => {
    expect(readOutputRecord(null)).toBeNull();
    expect(readOutputRecord({ ...record, version: 2 })).toBeNull();
    expect(readOutputRecord({ ...record, cellKeys: [null] })).toBeNull();
    const tampered = JSON.parse(JSON.stringify(record)) as { cells: Record<string, { outputs: unknown[]; execCount: unknown }> };
    tampered.cells['demo/c1']!.outputs = [
      { kind: 'image', src: 'https://evil.example/x.png', alt: 'x' },
      { kind: 'script', code: 'alert(1)' },
    ];
    tampered.cells['demo/c3']!.execCount = -4;
    const back = readOutputRecord(tampered);
    expect(back?.cells['demo/c3']).toBeUndefined();
    expect(back?.cells['demo/c1']?.outputs).toEqual([
      { kind: 'notice', text: 'An output was not shown: an image whose source is not a data: URL of an image type.' },
      { kind: 'notice', text: 'An output was not shown: unknown output kind "script".' },
    ]);
  });

  it('follows cells to a new lesson version by id= or unchanged code; drops outputs of rewritten code', () => {
    const keyed = lesson(['print(1)', 'print(2)', 'print(3)'], 'k1', ['one', undefined, 'three']);
    const saved = applyOutputChanges(
      emptyOutputRecord(keyed, 1),
      keyed,
      new Map([
        [cellId('demo/c1'), { outputs: [every[0]!], execCount: 1, status: 'ok', savedAt: 1 }],
        [cellId('demo/c2'), { outputs: [every[2]!], execCount: 2, status: 'ok', savedAt: 1 }],
        [cellId('demo/c3'), { outputs: [every[3]!], execCount: 3, status: 'error', savedAt: 1 }],
        [cellId('demo/new1-abc'), { outputs: [every[7]!], execCount: 4, status: 'ok', savedAt: 1 }],
      ]),
      1,
    );
    // A cell inserted at the top, cell 2's code rewritten, cell "three" moved first.
    const v2 = lesson(['print(3)', 'print(0)', 'print(1)', 'print(2) // changed'], 'k2', ['three', undefined, 'one', undefined]);
    const moved = rebaseOutputs(saved, v2, 5);
    expect(moved.lessonHash).toBe('k2');
    expect(moved.cells).toEqual({
      'demo/c1': saved.cells['demo/c3'],
      'demo/c3': saved.cells['demo/c1'],
      'demo/new1-abc': saved.cells['demo/new1-abc'],
    });
    // The same version: the record as it is.
    expect(rebaseOutputs(saved, keyed, 5)).toBe(saved);
  });

  it('moves outputs by code fingerprint when the lesson has no ids', () => {
    const r: OutputRecord = applyOutputChanges(
      emptyOutputRecord(v1, 1),
      v1,
      new Map([[cellId('demo/c2'), { outputs: [every[0]!], execCount: 7, status: 'ok', savedAt: 1 }]]),
      1,
    );
    const v2 = lesson(['print(0)', 'print(1)', 'print(2)', 'print(3)'], 'h2');
    expect(rebaseOutputs(r, v2, 2).cells).toEqual({ 'demo/c3': r.cells['demo/c2'] });
  });
});
