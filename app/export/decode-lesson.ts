// The bytes of an imported lesson file → its text. Editors on Windows save
// "Unicode" as UTF-16, often without a byte-order mark; read as UTF-8 such a
// file is a NUL between every character. The encoding is decided from the
// first few kilobytes alone (sniffEncoding never sees more), so a file that
// cannot be a lesson is refused at once, and a UTF-16 one is read correctly.

/** How many leading bytes decide the encoding. */
export const SNIFF_BYTES = 4096;

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export type Sniffed = { readonly ok: true; readonly encoding: Encoding } | { readonly ok: false; readonly message: string };

/**
 * The encoding of a text file from its first bytes (pass at most
 * SNIFF_BYTES). A byte-order mark decides; without one, ASCII-range text in
 * UTF-16 has a zero byte at every odd (LE) or even (BE) offset: a lesson's
 * front matter, newlines and Markdown are ASCII, so this is never ambiguous
 * for a lesson. Zero bytes in any other pattern mean it is not text.
 */
export function sniffEncoding(head: Uint8Array): Sniffed {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { ok: true, encoding: 'utf-8' };
  if (head[0] === 0xff && head[1] === 0xfe) {
    if (head[2] === 0 && head[3] === 0) return { ok: false, message: 'is UTF-32 text; save it as UTF-8' };
    return { ok: true, encoding: 'utf-16le' };
  }
  if (head[0] === 0xfe && head[1] === 0xff) return { ok: true, encoding: 'utf-16be' };
  if (head[0] === 0 && head[1] === 0 && head[2] === 0xfe && head[3] === 0xff)
    return { ok: false, message: 'is UTF-32 text; save it as UTF-8' };
  const pairs = Math.floor(Math.min(head.length, SNIFF_BYTES) / 2);
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < pairs; i++) {
    if (head[2 * i] === 0) zeroEven++;
    if (head[2 * i + 1] === 0) zeroOdd++;
  }
  if (zeroEven + zeroOdd === 0) return { ok: true, encoding: 'utf-8' };
  // Mostly-ASCII UTF-16: one half of the bytes is nearly all zero, the other nearly none.
  if (zeroOdd >= pairs * 0.3 && zeroEven <= pairs * 0.02) return { ok: true, encoding: 'utf-16le' };
  if (zeroEven >= pairs * 0.3 && zeroOdd <= pairs * 0.02) return { ok: true, encoding: 'utf-16be' };
  return { ok: false, message: 'is not a text file (it has zero bytes)' };
}

/** The whole file's text in the sniffed encoding; invalid byte sequences are an error, never replacement characters. */
export function decodeLesson(bytes: Uint8Array, encoding: Encoding): { ok: true; text: string } | { ok: false; message: string } {
  try {
    // The default (BOM stripped) matches what File.text() gave for UTF-8 files before.
    return { ok: true, text: new TextDecoder(encoding, { fatal: true }).decode(bytes) };
  } catch {
    return {
      ok: false,
      message: encoding === 'utf-8' ? 'is not UTF-8 text; save it as UTF-8' : `is not valid ${encoding.toUpperCase()} text`,
    };
  }
}

/** A file as the import reads it: its size and byte ranges (File / Blob on the page). */
export interface LessonFileSource {
  readonly name: string;
  readonly size: number;
  /** Bytes [start, end) of the file. */
  readonly read: (start: number, end: number) => Promise<Uint8Array>;
}

/**
 * The text of a file to import, or why it cannot be a lesson. Reads the first
 * SNIFF_BYTES to decide the encoding, and the rest only when it is text.
 */
export async function readLessonText(file: LessonFileSource): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
  const sniffed = sniffEncoding(await file.read(0, Math.min(file.size, SNIFF_BYTES)));
  if (!sniffed.ok) return { ok: false, message: `“${file.name}” ${sniffed.message}.` };
  const decoded = decodeLesson(await file.read(0, file.size), sniffed.encoding);
  return decoded.ok ? decoded : { ok: false, message: `“${file.name}” ${decoded.message}.` };
}
