// display(value): the rich output a value deserves. Tables for arrays of
// plain objects, SVG/HTML for elements drawn in the worker (Observable Plot
// figures), images for ImageData / image Blobs / image data URLs; anything
// else is shown as print() would show it.
import { formatPrintArg } from './format-value.ts';
import { blobToDataUrl, imageDataToPngUrl, isImageDataLike } from './png.ts';
import type { CellOutput } from '../protocol.ts';
import { figureTable } from './figure-data.ts';

/** Rows beyond this are left out of a table (with a notice). */
export const MAX_TABLE_ROWS = 1000;

/** What display() produced: finished outputs, outputs still being made, or plain text. */
export type Displayed =
  | { readonly kind: 'outputs'; readonly outputs: readonly CellOutput[] }
  | { readonly kind: 'later'; readonly output: Promise<CellOutput | null> }
  | { readonly kind: 'text'; readonly text: string };

export function displayValue(value: unknown): Displayed {
  if (isElementLike(value)) return { kind: 'outputs', outputs: [elementOutput(value)] };
  if (isImageDataLike(value)) {
    const { width, height } = value;
    const output = imageDataToPngUrl(value).then(
      (src): CellOutput => ({ kind: 'image', src, width, height, alt: `Image, ${width}×${height}` }),
    );
    return { kind: 'later', output };
  }
  if (typeof Blob !== 'undefined' && value instanceof Blob) {
    if (!value.type.startsWith('image/')) {
      return {
        kind: 'outputs',
        outputs: [{ kind: 'notice', text: `display() shows image Blobs only; this Blob has type "${value.type || 'unknown'}".` }],
      };
    }
    const output = blobToDataUrl(value).then((src): CellOutput => ({ kind: 'image', src, alt: 'Image' }));
    return { kind: 'later', output };
  }
  if (typeof value === 'string' && /^data:image\/[\w.+-]+[;,]/.test(value)) {
    return { kind: 'outputs', outputs: [{ kind: 'image', src: value, alt: 'Image' }] };
  }
  if (isTableData(value)) return { kind: 'outputs', outputs: tableOutputs(value) };
  return { kind: 'text', text: formatPrintArg(value) };
}

interface ElementLike {
  readonly nodeType: number;
  readonly outerHTML: string;
  getAttribute(name: string): string | null;
}

const isElementLike = (value: unknown): value is ElementLike =>
  typeof value === 'object' &&
  value !== null &&
  'nodeType' in value &&
  value.nodeType === 1 &&
  'outerHTML' in value &&
  typeof value.outerHTML === 'string' &&
  'getAttribute' in value &&
  typeof value.getAttribute === 'function';

function elementOutput(element: ElementLike): CellOutput {
  const label = element.getAttribute('aria-label') ?? element.getAttribute('aria-description');
  const data = figureTable(element);
  return { kind: 'svg', html: element.outerHTML, alt: label ?? 'Figure', ...(data === undefined ? {} : { data }) };
}

type TableRow = Readonly<Record<string, unknown>>;

const isPlainObject = (value: unknown): value is TableRow => {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

const isTableData = (value: unknown): value is readonly TableRow[] =>
  Array.isArray(value) && value.length > 0 && value.every(isPlainObject);

function tableOutputs(rows: readonly TableRow[]): CellOutput[] {
  const columns: string[] = [];
  const seen = new Set<string>();
  const shown = rows.slice(0, MAX_TABLE_ROWS);
  for (const row of shown) {
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  const cells = shown.map((row) => columns.map((column) => (Object.hasOwn(row, column) ? formatPrintArg(row[column]) : '')));
  const outputs: CellOutput[] = [{ kind: 'table', columns, rows: cells }];
  if (rows.length > shown.length) {
    outputs.push({
      kind: 'notice',
      text: `Table truncated: showing ${shown.length.toLocaleString('en-US')} of ${rows.length.toLocaleString('en-US')} rows.`,
    });
  }
  return outputs;
}
