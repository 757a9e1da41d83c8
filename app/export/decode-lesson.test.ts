import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildLessonPage } from '../notebook/build-lesson-page.ts';
import { readLessonText, sniffEncoding, SNIFF_BYTES, type LessonFileSource } from './decode-lesson.ts';

const lesson = readFileSync('lessons/00-welcome.md', 'utf8');
const utf16be = (s: string): Uint8Array => {
  const le = Buffer.from(s, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) [be[i], be[i + 1]] = [le[i + 1]!, le[i]!];
  return be;
};
const withBom = (bom: number[], b: Uint8Array): Uint8Array => new Uint8Array([...bom, ...b]);

/** A file that records which byte ranges were read. */
function source(name: string, bytes: Uint8Array): LessonFileSource & { reads: [number, number][] } {
  const reads: [number, number][] = [];
  return { name, size: bytes.length, reads, read: (start, end) => (reads.push([start, end]), Promise.resolve(bytes.subarray(start, end))) };
}

describe('sniffEncoding', () => {
  it('byte-order marks decide', () => {
    expect(sniffEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x2d]))).toEqual({ ok: true, encoding: 'utf-8' });
    expect(sniffEncoding(new Uint8Array([0xff, 0xfe, 0x2d, 0x00]))).toEqual({ ok: true, encoding: 'utf-16le' });
    expect(sniffEncoding(new Uint8Array([0xfe, 0xff, 0x00, 0x2d]))).toEqual({ ok: true, encoding: 'utf-16be' });
    expect(sniffEncoding(new Uint8Array([0xff, 0xfe, 0x00, 0x00]))).toEqual({ ok: false, message: 'is UTF-32 text; save it as UTF-8' });
  });

  it('UTF-16 without a mark is told by where its zero bytes are', () => {
    expect(sniffEncoding(Buffer.from(lesson, 'utf16le').subarray(0, SNIFF_BYTES))).toEqual({ ok: true, encoding: 'utf-16le' });
    expect(sniffEncoding(utf16be(lesson).subarray(0, SNIFF_BYTES))).toEqual({ ok: true, encoding: 'utf-16be' });
    expect(sniffEncoding(Buffer.from(lesson, 'utf8').subarray(0, SNIFF_BYTES))).toEqual({ ok: true, encoding: 'utf-8' });
    // Zero bytes in no UTF-16 pattern: a binary file.
    expect(sniffEncoding(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0x49, 0x48, 0, 0x52]))).toEqual({
      ok: false,
      message: 'is not a text file (it has zero bytes)',
    });
  });
});

describe('readLessonText', () => {
  it('reads UTF-16LE and BE lessons, with and without a mark, to the same text as the UTF-8 file', async () => {
    for (const bytes of [
      Buffer.from(lesson, 'utf16le'),
      utf16be(lesson),
      withBom([0xff, 0xfe], Buffer.from(lesson, 'utf16le')),
      withBom([0xfe, 0xff], utf16be(lesson)),
      withBom([0xef, 0xbb, 0xbf], Buffer.from(lesson)),
    ]) {
      const got = await readLessonText(source('w.md', bytes));
      expect(got).toEqual({ ok: true, text: lesson });
    }
    const got = await readLessonText(source('w.md', Buffer.from(lesson, 'utf16le')));
    expect(got.ok && buildLessonPage(got.text, 'imported/w.md').ok).toBe(true);
  });

  it('refuses a binary file from its first bytes alone, without reading the rest', async () => {
    const big = new Uint8Array(5 * 1024 * 1024).fill(7);
    big.set([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]);
    const file = source('archive.md', big);
    expect(await readLessonText(file)).toEqual({ ok: false, message: '“archive.md” is not a text file (it has zero bytes).' });
    expect(file.reads).toEqual([[0, SNIFF_BYTES]]);
  });

  it('refuses text that is not valid in its encoding instead of showing replacement characters', async () => {
    expect(await readLessonText(source('l1.md', new Uint8Array([0x2d, 0x2d, 0x2d, 0x0a, 0xe9, 0x74, 0xe9])))).toEqual({
      ok: false,
      message: '“l1.md” is not UTF-8 text; save it as UTF-8.',
    });
    expect(await readLessonText(source('odd.md', withBom([0xff, 0xfe], new Uint8Array([0x00, 0xd8, 0x41, 0x00]))))).toEqual({
      ok: false,
      message: '“odd.md” is not valid UTF-16LE text.',
    });
  });
});
