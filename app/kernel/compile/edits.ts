// Text edits on a source string that remember where every output character
// came from, so a runtime error's column in rewritten code can be traced back
// to the column the student wrote. Edits never add or remove line breaks
// (callers keep them), so lines need no mapping, only offsets.

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** Insertions at one offset keep the order they were made in. */
  readonly order: number;
}

/** One stretch of output text and the original offset its first char maps to. */
interface Segment {
  readonly outputStart: number;
  readonly originalStart: number;
  /** Copied text maps char by char; inserted text maps entirely to originalStart. */
  readonly copied: boolean;
}

export interface EditedText {
  readonly text: string;
  /** The original offset of an output offset. */
  readonly toOriginal: (outputOffset: number) => number;
}

export class EditList {
  readonly source: string;
  readonly #edits: Edit[] = [];

  constructor(source: string) {
    this.source = source;
  }

  insert(offset: number, text: string): void {
    this.replace(offset, offset, text);
  }

  replace(start: number, end: number, text: string): void {
    this.#edits.push({ start, end, text, order: this.#edits.length });
  }

  apply(): EditedText {
    const edits = [...this.#edits].sort((a, b) => a.start - b.start || a.end - a.start - (b.end - b.start) || a.order - b.order);
    const segments: Segment[] = [];
    let text = '';
    let copiedUpTo = 0;
    const copyUntil = (offset: number): void => {
      if (offset <= copiedUpTo) return;
      segments.push({ outputStart: text.length, originalStart: copiedUpTo, copied: true });
      text += this.source.slice(copiedUpTo, offset);
      copiedUpTo = offset;
    };
    for (const edit of edits) {
      if (edit.start < copiedUpTo) throw new Error(`Overlapping edits at offset ${edit.start}`);
      copyUntil(edit.start);
      if (edit.text !== '') {
        segments.push({ outputStart: text.length, originalStart: edit.start, copied: false });
        text += edit.text;
      }
      copiedUpTo = edit.end;
    }
    copyUntil(this.source.length);
    const toOriginal = (outputOffset: number): number => {
      let low = 0;
      let high = segments.length - 1;
      let found: Segment | undefined;
      while (low <= high) {
        const mid = (low + high) >> 1;
        const segment = segments[mid]!;
        if (segment.outputStart <= outputOffset) {
          found = segment;
          low = mid + 1;
        } else {
          high = mid - 1;
        }
      }
      if (found === undefined) return 0;
      return found.copied ? found.originalStart + (outputOffset - found.outputStart) : found.originalStart;
    };
    return { text, toOriginal };
  }
}

/** Converts between offsets and 1-based line / 0-based column positions. */
export class LineIndex {
  readonly #lineStarts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.#lineStarts.push(i + 1);
    }
  }

  /** `line` is 1-based, `column` 0-based. */
  offsetOf(line: number, column: number): number {
    const start = this.#lineStarts[Math.min(Math.max(line, 1), this.#lineStarts.length) - 1] ?? 0;
    return start + column;
  }

  positionOf(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.#lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.#lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.#lineStarts[low]! };
  }
}

/** `count` line breaks, used to keep line numbers when replacing multi-line text. */
export const lineBreaksIn = (text: string): string => '\n'.repeat(text.split('\n').length - 1);
