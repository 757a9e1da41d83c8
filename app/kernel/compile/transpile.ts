// TypeScript → JavaScript with sucrase. Sucrase strips types without
// type-checking (type errors never block a run) and keeps every line where it
// was, but removing annotations moves columns; its token-level source map
// lets us move them back.
import { transform } from 'sucrase';

export interface Transpiled {
  readonly code: string;
  /** Maps a 1-based line and 0-based column in `code` to the column in the TypeScript source. */
  readonly toSourceColumn: (line: number, column: number) => number;
}

export interface TranspileFailure {
  readonly message: string;
  /** 0-based offset in the TypeScript source. */
  readonly offset: number;
}

interface SucraseError {
  readonly message: string;
  readonly pos: number;
}

const isSucraseError = (error: unknown): error is SucraseError =>
  error instanceof SyntaxError && 'pos' in error && typeof error.pos === 'number';

export function transpile(source: string): Transpiled | TranspileFailure {
  try {
    const result = transform(source, {
      transforms: ['typescript'],
      // A cell may import a name only so that later cells can use it.
      keepUnusedImports: true,
      // Modern syntax runs as is; sucrase would otherwise rewrite class fields etc.
      disableESTransforms: true,
      sourceMapOptions: { compiledFilename: 'cell.js' },
      filePath: 'cell.ts',
    });
    const mappings = result.sourceMap?.mappings ?? '';
    return { code: result.code, toSourceColumn: columnMapper(mappings) };
  } catch (error) {
    if (isSucraseError(error)) {
      // Sucrase appends "(line:column)"; we report positions separately.
      const message = error.message.replace(/^Error transforming [^:]*: /, '').replace(/\s*\(\d+:\d+\)$/, '');
      return { message, offset: error.pos };
    }
    throw error;
  }
}

/** Per generated line: pairs of [generatedColumn, sourceColumn], sorted. */
type LineSegments = [number, number][];

function columnMapper(mappings: string): Transpiled['toSourceColumn'] {
  const lines = decodeMappings(mappings);
  return (line, column) => {
    const segments = lines[line - 1];
    if (segments === undefined) return column;
    let best: [number, number] | undefined;
    for (const segment of segments) {
      if (segment[0] <= column) best = segment;
      else break;
    }
    return best === undefined ? column : best[1] + (column - best[0]);
  };
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes the generated and source columns of a v3 source map's `mappings`. */
function decodeMappings(mappings: string): LineSegments[] {
  const lines: LineSegments[] = [];
  let sourceColumn = 0;
  for (const lineText of mappings.split(';')) {
    const segments: LineSegments = [];
    let generatedColumn = 0;
    for (const segmentText of lineText.split(',')) {
      if (segmentText === '') continue;
      const fields = decodeVlq(segmentText);
      generatedColumn += fields[0] ?? 0;
      if (fields.length >= 4) {
        sourceColumn += fields[3] ?? 0;
        segments.push([generatedColumn, sourceColumn]);
      }
    }
    segments.sort((a, b) => a[0] - b[0]);
    lines.push(segments);
  }
  return lines;
}

function decodeVlq(text: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}
