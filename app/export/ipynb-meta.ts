// The Quantization Lab's own metadata in an exported notebook (namespaced
// `qlab` on cells, `quantization_lab` on the notebook), written by ipynb.ts
// and read back by ipynb-import.ts so our export round-trips. Readers take
// `unknown` and check every field: a notebook is data from anywhere.
import { fnv1a64 } from '../lesson/hash.ts';

/**
 * A Markdown cell made from a piece of the lesson: `lesson` is that piece's
 * lesson-format text (prose, a hint, a revealed solution, a figure, a PyTorch
 * original), `hash` the FNV-1a of the cell's exported source. Import uses
 * `lesson` only while the source still has that hash (not edited in Jupyter).
 */
export interface QlabPiece {
  readonly kind: 'markdown' | 'hint' | 'solution' | 'figure' | 'python-original';
  readonly lesson: string;
  readonly hash: string;
}

/** A code cell: its fence attributes, the lesson's expected output, and the exercise's hidden checks. */
export interface QlabCode {
  readonly attrs: readonly string[];
  readonly expected?: string;
  readonly check?: readonly string[];
}

export const TITLE_ROLE = 'title';

export const sourceHash = (source: string): string => fnv1a64(source);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
const PIECE_KINDS: readonly QlabPiece['kind'][] = ['markdown', 'hint', 'solution', 'figure', 'python-original'];
/** Fence attribute words as the lesson parser reads them (`exercise`, `timeout=120`, `id=NAME`). */
const ATTR = /^[\w.-]+(?:=[^\s`~]+)?$/;

export function qlabOf(metadata: unknown): Record<string, unknown> | null {
  return isRecord(metadata) && isRecord(metadata['qlab']) ? metadata['qlab'] : null;
}

export const isTitleCell = (metadata: unknown): boolean => qlabOf(metadata)?.['role'] === TITLE_ROLE;

/** The lesson piece behind a Markdown cell, if the cell is ours and unedited. */
export function readPiece(metadata: unknown, source: string): QlabPiece | null {
  const q = qlabOf(metadata);
  const kind = PIECE_KINDS.find((k) => k === q?.['kind']);
  if (q === null || kind === undefined || typeof q['lesson'] !== 'string' || q['hash'] !== sourceHash(source)) return null;
  return { kind, lesson: q['lesson'], hash: q['hash'] };
}

export function readCode(metadata: unknown): QlabCode | null {
  const q = qlabOf(metadata);
  if (q === null || !isStrings(q['attrs']) || !q['attrs'].every((a) => ATTR.test(a))) return null;
  return {
    attrs: q['attrs'],
    ...(typeof q['expected'] === 'string' && { expected: q['expected'] }),
    ...(isStrings(q['check']) && { check: q['check'] }),
  };
}

/** Front matter kept by our export (title aside): `chapter` and other plain keys, never `start`. */
export function readFrontMatter(notebookMetadata: unknown): Record<string, string | number | boolean> {
  const q = isRecord(notebookMetadata) ? notebookMetadata['quantization_lab'] : undefined;
  const fm = isRecord(q) ? q['front_matter'] : undefined;
  const result: Record<string, string | number | boolean> = {};
  if (!isRecord(fm)) return result;
  for (const [key, value] of Object.entries(fm)) {
    if (key === 'title' || key === 'start' || !/^[A-Za-z_][\w-]*$/.test(key)) continue;
    if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)))
      result[key] = value;
  }
  return result;
}
