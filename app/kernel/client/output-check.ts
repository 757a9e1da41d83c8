// Page side: every output the kernel sends is checked and cleaned here before
// the notebook keeps it, whatever the kernel claims (the kernel runs student
// code, which can reach the worker's prototypes and so shape what the
// kernel's own code sends; see CONTEXT.md "Threat model"). Outputs of an
// unknown kind or shape become a notice saying so; images must be data: URLs
// of an image type (no javascript:, no remote src that the page would fetch);
// strings over the kernel's own limits (output-sink.ts) are refused, so a
// forged 250 MB string never reaches the DOM. SVG/HTML and Markdown are
// sanitised again where they are rendered (app/ui/Output.tsx).
import { DEFAULT_LIMITS } from '../output-limits.ts';
import type { CellOutput } from '../protocol.ts';

/** The image types an output may show; SVG only as an image (an <img> runs no script and loads nothing). */
const IMAGE_SRC = /^data:image\/(?:png|jpeg|gif|webp|bmp|avif|svg\+xml)(?:;[\w=.+-]+)*,/i;
/** Room for the truncation notice and the JSON-ish framing the kernel adds. */
const SLACK = 10_000;
const MAX_TEXT = DEFAULT_LIMITS.maxChars + SLACK;
const MAX_RICH = DEFAULT_LIMITS.maxRichChars + SLACK;
const MAX_LABEL = 10_000;
const MAX_COLUMNS = 1_000;
const MAX_ROWS = 10_000;

/** Whether `src` is one an output image may have: a data: URL of an image type. */
export const isSafeImageSrc = (src: string): boolean => IMAGE_SRC.test(src) && src.length <= MAX_RICH;

type Data = Record<string, unknown>;

const isRecord = (value: unknown): value is Data => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown, max: number): value is string => typeof value === 'string' && value.length <= max;
const optionalCount = (value: unknown): boolean =>
  value === undefined || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= 1_000_000);

function table(value: unknown): { columns: string[]; rows: string[][]; chars: number } | null {
  if (!isRecord(value)) return null;
  const { columns, rows } = value;
  if (!Array.isArray(columns) || !Array.isArray(rows) || columns.length > MAX_COLUMNS || rows.length > MAX_ROWS) return null;
  let chars = 0;
  const strings = (list: readonly unknown[]): string[] | null => {
    const out: string[] = [];
    for (const v of list) {
      if (typeof v !== 'string') return null;
      chars += v.length;
      out.push(v);
    }
    return out;
  };
  const cols = strings(columns);
  if (cols === null) return null;
  const body: string[][] = [];
  for (const row of rows) {
    if (!Array.isArray(row) || row.length > cols.length) return null;
    const cells = strings(row);
    if (cells === null) return null;
    body.push(cells);
  }
  return chars > MAX_TEXT ? null : { columns: cols, rows: body, chars };
}

const refused = (what: string): CellOutput => ({ kind: 'notice', text: `An output was not shown: ${what}.` });

/** The output to keep for what arrived: a clean copy with only the known fields, or a notice. */
export function checkOutput(value: unknown): CellOutput {
  if (!isRecord(value)) return refused('it is not an output object');
  switch (value['kind']) {
    case 'text': {
      const { text, stream } = value;
      if (!str(text, MAX_TEXT) || (stream !== 'stdout' && stream !== 'stderr'))
        return refused('a text output of the wrong shape or over the size limit');
      return { kind: 'text', text, stream };
    }
    case 'result':
    case 'notice': {
      const { text } = value;
      if (!str(text, MAX_TEXT)) return refused(`a ${value['kind']} of the wrong shape or over the size limit`);
      return value['kind'] === 'result' ? { kind: 'result', text } : { kind: 'notice', text };
    }
    case 'error': {
      const { name, message, line, column } = value;
      if (!str(name, MAX_LABEL) || !str(message, MAX_TEXT) || !optionalCount(line) || !optionalCount(column))
        return refused('an error of the wrong shape');
      return {
        kind: 'error',
        name,
        message,
        ...(typeof line === 'number' ? { line } : {}),
        ...(typeof column === 'number' ? { column } : {}),
      };
    }
    case 'table': {
      const checked = table(value);
      return checked === null
        ? refused('a table of the wrong shape or over the size limit')
        : { kind: 'table', columns: checked.columns, rows: checked.rows };
    }
    case 'svg': {
      const { html, alt, data } = value;
      if (!str(html, MAX_RICH) || !str(alt, MAX_LABEL)) return refused('a figure of the wrong shape or over the size limit');
      if (data === undefined) return { kind: 'svg', html, alt };
      const checked = table(data);
      const total = isRecord(data) ? data['total'] : undefined;
      if (checked === null || !optionalCount(total) || total === undefined) return refused('a figure whose data table has the wrong shape');
      return { kind: 'svg', html, alt, data: { columns: checked.columns, rows: checked.rows, total: Number(total) } };
    }
    case 'image': {
      const { src, alt, width, height } = value;
      if (!str(alt, MAX_LABEL) || !optionalCount(width) || !optionalCount(height)) return refused('an image of the wrong shape');
      if (typeof src !== 'string' || !isSafeImageSrc(src)) return refused('an image whose source is not a data: URL of an image type');
      return {
        kind: 'image',
        src,
        alt,
        ...(typeof width === 'number' ? { width } : {}),
        ...(typeof height === 'number' ? { height } : {}),
      };
    }
    case 'markdown': {
      const { markdown } = value;
      if (!str(markdown, MAX_TEXT)) return refused('Markdown of the wrong shape or over the size limit');
      return { kind: 'markdown', markdown };
    }
    default:
      return refused(`unknown output kind ${JSON.stringify(String(value['kind'])).slice(0, 40)}`);
  }
}
