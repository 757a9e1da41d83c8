import { describe, expect, test } from 'vitest';
import { cellId, lessonId } from '../shared/brand.ts';
import { seededRandom } from '../shared/seeded-random.ts';
import { emptyRecord, fingerprint, fromVersion1, type EditRecord } from './edit-record.ts';
import { alignFingerprints, rebaseRecord } from './edit-matcher.ts';
import type { NotebookLesson } from './lesson-view.ts';

interface Spec {
  readonly code: string;
  readonly key?: string;
}

const lessonOf = (specs: readonly Spec[], hash: string): NotebookLesson => ({
  id: lessonId('demo'),
  hash,
  title: 'Demo',
  cells: specs.map((s, i) => ({
    id: cellId(`demo/c${i + 1}`),
    index: i + 1,
    source: s.code,
    attrs: [],
    timeoutSeconds: null,
    ...(s.key !== undefined && { key: s.key }),
  })),
});

let uids = 0;
const uid = (): string => `u${++uids}`;

/** A record of `lesson` with `edits` (position 1-based → the student's code). */
function recordWith(lesson: NotebookLesson, edits: Readonly<Record<number, string>>): EditRecord {
  const cells = Object.fromEntries(
    Object.entries(edits).map(([n, source]) => [
      `demo/c${n}`,
      { source, base: lesson.cells[Number(n) - 1]!.source, rev: 1, savedAt: 1, tab: 't' },
    ]),
  );
  return { ...emptyRecord(lesson, 1), cells };
}

const codes = (specs: readonly string[]): Spec[] => specs.map((code) => ({ code }));
const placed = (r: EditRecord): Record<string, string> => Object.fromEntries(Object.entries(r.cells).map(([id, c]) => [id, c.source]));

describe('rebaseRecord (edits onto a new lesson version)', () => {
  test('a cell inserted above: the edit follows its cell, not its position', () => {
    const v1 = lessonOf(codes(['a', 'b', 'c']), 'h1');
    const v2 = lessonOf(codes(['a', 'NEW', 'b', 'c']), 'h2');
    const r = rebaseRecord(recordWith(v1, { 2: 'my b' }), v2, 2, uid);
    expect(placed(r)).toEqual({ 'demo/c3': 'my b' });
    expect(r.unmatched).toEqual([]);
    expect(r.lessonHash).toBe('h2');
  });

  test("reordered cells and a deleted one: moved edits follow their code, the deleted cell's edit is unmatched", () => {
    const v1 = lessonOf(codes(['a', 'b', 'c', 'd']), 'h1');
    const v2 = lessonOf(codes(['d', 'a', 'c']), 'h2');
    const r = rebaseRecord(recordWith(v1, { 2: 'my b', 4: 'my d' }), v2, 2, uid);
    expect(placed(r)).toEqual({ 'demo/c1': 'my d' });
    expect(r.unmatched.map((u) => [u.source, u.base, u.cellIndex, u.reason])).toEqual([['my b', 'b', 2, 'lesson-changed']]);
  });

  test('a cell rewritten in place between unchanged neighbours keeps the edit there (flagged by its base)', () => {
    const v1 = lessonOf(codes(['a', 'b', 'c']), 'h1');
    const v2 = lessonOf(codes(['a', 'B changed', 'c']), 'h2');
    const r = rebaseRecord(recordWith(v1, { 2: 'mine' }), v2, 2, uid);
    expect(r.cells['demo/c2']).toMatchObject({ source: 'mine', base: 'b' });
  });

  test('a rewritten cell next to an inserted one is not certain: unmatched', () => {
    const v1 = lessonOf(codes(['a', 'b', 'c']), 'h1');
    const v2 = lessonOf(codes(['a', 'NEW', 'B changed', 'c']), 'h2');
    const r = rebaseRecord(recordWith(v1, { 2: 'mine' }), v2, 2, uid);
    expect(placed(r)).toEqual({});
    expect(r.unmatched.map((u) => u.source)).toEqual(['mine']);
  });

  test('an id= attribute is followed even when the cell moved and its code changed', () => {
    const v1 = lessonOf(
      [
        { code: 'a', key: 'first' },
        { code: 'b', key: 'second' },
      ],
      'h1',
    );
    const v2 = lessonOf([{ code: 'b v2', key: 'second' }, { code: 'x' }, { code: 'a', key: 'first' }], 'h2');
    const r = rebaseRecord(recordWith(v1, { 1: 'my a', 2: 'my b' }), v2, 2, uid);
    expect(r.cells['demo/c1']).toMatchObject({ source: 'my b', base: 'b' });
    expect(r.cells['demo/c3']).toMatchObject({ source: 'my a', base: 'a' });
  });

  test('duplicate cells are told apart by their place in the alignment', () => {
    const v1 = lessonOf(codes(['x', 'a', 'x', 'b']), 'h1');
    const v2 = lessonOf(codes(['NEW', 'x', 'a', 'x', 'b']), 'h2');
    const r = rebaseRecord(recordWith(v1, { 3: 'second x' }), v2, 2, uid);
    expect(placed(r)).toEqual({ 'demo/c4': 'second x' });
  });

  test('added-cell anchors and deleted cells move with their cells; an anchor that cannot be placed points nowhere', () => {
    const v1 = lessonOf(codes(['a', 'b', 'c']), 'h1');
    const v2 = lessonOf(codes(['NEW', 'a', 'b']), 'h2');
    const record: EditRecord = {
      ...emptyRecord(v1, 1),
      added: [
        { id: 'demo/new1', kind: 'code', after: 'demo/c2' },
        { id: 'demo/new2', kind: 'code', after: 'demo/c3' },
      ],
      deleted: ['demo/c1', 'demo/c3'],
      cells: { 'demo/new1': { source: 'added code', base: '', rev: 1, savedAt: 1, tab: 't' } },
    };
    const r = rebaseRecord(record, v2, 2, uid);
    expect(r.added).toEqual([
      { id: 'demo/new1', kind: 'code', after: 'demo/c3' },
      { id: 'demo/new2', kind: 'code', after: 'demo/gone-3' },
    ]);
    expect(r.deleted).toEqual(['demo/c2']);
    expect(placed(r)).toEqual({ 'demo/new1': 'added code' });
  });

  test('a version 1 save (position keys, no fingerprints of other cells) is migrated: unique code found, the rest unmatched', () => {
    const v1 = fromVersion1(
      {
        version: 1,
        lessonHash: 'h1',
        savedAt: 5,
        cells: { 'demo/c2': { source: 'my b', base: 'b' }, 'demo/c3': { source: 'my c', base: 'c' } },
      },
      lessonId('demo'),
    );
    const v2 = lessonOf(codes(['a', 'NEW', 'b', 'c changed']), 'h2');
    const r = rebaseRecord(v1, v2, 6, uid);
    expect(placed(r)).toEqual({ 'demo/c3': 'my b' });
    expect(r.unmatched.map((u) => u.source)).toEqual(['my c']);
    expect(r.cellHashes).toEqual(['a', 'NEW', 'b', 'c changed'].map(fingerprint));
  });

  test('the same lesson version keeps every position', () => {
    const v1 = lessonOf(codes(['a', 'a']), 'h1');
    const record = recordWith(v1, { 2: 'mine' });
    expect(rebaseRecord(record, v1, 2, uid)).toBe(record);
  });
});

describe('alignFingerprints', () => {
  test('is a longest common subsequence', () => {
    expect(alignFingerprints(['a', 'b', 'c', 'd'], ['a', 'x', 'c', 'd', 'b'])).toEqual([
      [0, 0],
      [2, 2],
      [3, 3],
    ]);
    expect(alignFingerprints([], ['a'])).toEqual([]);
  });
});

// Seeded fuzz: random lessons, random edits, random changes to the lesson
// (insert, delete, reorder, rewrite cells). Whatever happens, no edit is
// dropped or duplicated, and an edit lands silently only on a cell whose
// original code is the one it was made from; one placed on other code (a
// rewrite in place, flagged) is never on a cell whose code the old version had.
// With ids on every cell, every edit whose cell survived is on that cell.
interface FuzzCell extends Spec {
  readonly origin: number;
}

function fuzzCase(seed: number, options: { pooled: boolean; keys: 'none' | 'all' | 'some' }) {
  const rnd = seededRandom(seed);
  const pick = (n: number): number => Math.floor(rnd() * n);
  let nextOrigin = 0;
  const pool = ['x', 'y', 'print(1)'];
  const fresh = (): FuzzCell => {
    const origin = nextOrigin++;
    const code = options.pooled && rnd() < 0.35 ? pool[pick(pool.length)]! : `code ${origin}`;
    const keyed = options.keys === 'all' || (options.keys === 'some' && rnd() < 0.5);
    return { origin, code, ...(keyed && { key: `k${origin}` }) };
  };
  const before: FuzzCell[] = Array.from({ length: 1 + pick(12) }, fresh);
  const edited = before.filter(() => rnd() < 0.5);
  const after = [...before];
  for (let m = 1 + pick(4); m > 0; m--) {
    const op = pick(4);
    if (op === 0) after.splice(pick(after.length + 1), 0, fresh());
    else if (op === 1 && after.length > 0) after.splice(pick(after.length), 1);
    else if (op === 2 && after.length > 1) {
      const [i, j] = [pick(after.length), pick(after.length)];
      [after[i], after[j]] = [after[j]!, after[i]!];
    } else if (op === 3 && after.length > 0) {
      const i = pick(after.length);
      after[i] = { ...after[i]!, code: `rewritten ${after[i]!.origin} ${m}` };
    }
  }
  const v1 = lessonOf(before, 'h1');
  const v2 = lessonOf(after, 'h2');
  const record = recordWith(v1, Object.fromEntries(edited.map((c) => [before.indexOf(c) + 1, `edit of ${c.origin}`])));
  return { before, after, edited, result: rebaseRecord(record, v2, 2, uid) };
}

describe('rebaseRecord fuzz', () => {
  const variants = [
    { name: 'unique code, no ids', pooled: false, keys: 'none' },
    { name: 'duplicate code, no ids', pooled: true, keys: 'none' },
    { name: 'duplicate code, every cell with an id', pooled: true, keys: 'all' },
    { name: 'duplicate code, some ids', pooled: true, keys: 'some' },
  ] as const;
  for (const seed of [7, 1234, 99_991]) {
    for (const v of variants) {
      test(`seed ${seed}, ${v.name}: 500 lessons, no edit dropped, none silently on other code`, () => {
        for (let k = 0; k < 500; k++) {
          const sub = seed * 1000 + k;
          const { before, after, edited, result } = fuzzCase(sub, v);
          const where = `sub-seed ${sub}`;
          const landed = Object.entries(result.cells).map(([id, c]) => ({ position: Number(/c(\d+)$/.exec(id)![1]) - 1, ...c }));
          const all = [...landed.map((c) => c.source), ...result.unmatched.map((u) => u.source)].sort();
          expect(all, where).toEqual(edited.map((c) => `edit of ${c.origin}`).sort());
          const survivors = new Set(after.map((c) => c.origin));
          const oldCodes = new Set(before.map((c) => c.code));
          for (const c of landed) {
            const origin = Number(c.source.replace('edit of ', ''));
            const target = after[c.position]!;
            const sameCode = fingerprint(target.code) === fingerprint(c.base);
            // On other code only as a flagged rewrite: never on a cell whose code the old version also had.
            if (!sameCode) expect(oldCodes.has(target.code), `${where}: edit of ${origin} on cell ${target.origin}`).toBe(false);
            if (v.keys === 'all' && survivors.has(origin)) expect(target.origin, where).toBe(origin);
            if (!v.pooled && sameCode) expect(target.origin, where).toBe(origin);
          }
        }
      });
    }
  }
});
