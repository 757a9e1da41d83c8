// The data model of a parsed lesson. Everything is readonly: a Lesson is a
// value; edits go through serializeLesson(lesson, edits) instead of mutation.
import type { CellId, LessonId } from '../shared/brand.ts';

/** A problem in a lesson file, with the 1-based line it is about. */
export interface LessonError {
  readonly path: string;
  readonly line: number;
  readonly message: string;
}

/** A `##` or `###` heading at the top level of the lesson, for the table of contents. */
export interface LessonSection {
  readonly level: 2 | 3;
  readonly text: string;
  /** The heading's HTML id, as produced by renderLessonMarkdown (unique in the lesson). */
  readonly slug: string;
}

/** Markdown between code cells, exactly as written (line breaks included). */
export interface MarkdownBlock {
  readonly kind: 'markdown';
  readonly source: string;
  /** 1-based line of the block's first line in the file. */
  readonly line: number;
}

/**
 * The exact text of a cell, split so serializeLesson can replace the source or
 * the output while keeping everything else byte for byte.
 */
export interface CellRaw {
  /** Opening fence line, line break included. */
  readonly open: string;
  /** The source lines as written. */
  readonly body: string;
  /** Closing fence line (no line break only at the end of the file). */
  readonly close: string;
  readonly output?: {
    /** Blank lines between the cell's closing fence and the output fence. */
    readonly gap: string;
    readonly open: string;
    readonly body: string;
    readonly close: string;
  };
  /** Blank lines after the cell (and its output): kept here so markdown blocks never are blank-only. */
  readonly trailing: string;
}

export interface CodeBlock {
  readonly kind: 'code';
  readonly id: CellId;
  /** 1-based position among the lesson's code cells. */
  readonly index: number;
  /** The code, lines joined with '\n', no final line break. */
  readonly source: string;
  /** Every word after `ts` in the info string, in order (`['exercise', 'timeout=120']`). */
  readonly attrs: readonly string[];
  /** `word` → true, `key=value` → 'value'. Unknown keys are kept and ignored. */
  readonly attrMap: Readonly<Record<string, string | true>>;
  /** From `timeout=N`, validated: a positive number of seconds. */
  readonly timeoutSeconds?: number;
  /** From `online`: the cell needs the network (the Hugging Face Hub); `npm run check:lessons` skips it. Absent otherwise. */
  readonly online?: true;
  /** The text of the following `output` fence, lines joined with '\n', no final line break. */
  readonly expected?: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** 1-based line of the `output` fence's opening line. */
  readonly outputLine?: number;
  readonly raw: CellRaw;
}

export type LessonBlock = MarkdownBlock | CodeBlock;

export interface Lesson {
  /** The file name without directory and extension: `lessons/00-welcome.md` → `00-welcome`. */
  readonly id: LessonId;
  readonly path: string;
  readonly title: string;
  /** Front matter `chapter` (a number is turned into its decimal string). */
  readonly chapter?: string;
  /** All front matter keys, as YAML parsed them. */
  readonly frontMatter: Readonly<Record<string, unknown>>;
  /** FNV-1a 64-bit of the file's UTF-8 bytes, 16 lowercase hex digits (see hash.ts). */
  readonly hash: string;
  readonly blocks: readonly LessonBlock[];
  readonly sections: readonly LessonSection[];
  /** Front matter with both `---` lines and the blank lines after it, exactly as written. */
  readonly frontMatterRaw: string;
  /** The file's line break ('\r\n' if it has any), used for text that serializeLesson writes. */
  readonly eol: '\n' | '\r\n';
}

export type ParseResult = { readonly ok: true; readonly lesson: Lesson } | { readonly ok: false; readonly errors: readonly LessonError[] };
