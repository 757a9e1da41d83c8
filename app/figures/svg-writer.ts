// A small writer of standalone SVG text for the static copies of figures
// (exports): elements with presentation attributes only — colours and fonts
// written out (the light theme's values from app/ui/styles.css and
// figures.css), no CSS classes, no <style>, no foreignObject, no links — so
// the file looks the same in Jupyter, on GitHub or in an <img>. Plain TS
// (page and Node).

export const COLOURS = {
  bg: '#ffffff',
  fg: '#1d1f21',
  muted: '#5c6166',
  accent: '#2952a3',
  border: '#d8dadc',
  codeBg: '#f4f5f6',
  error: '#b3261e',
  ok: '#1e7a3a',
  warnBg: '#fff6dd',
  warn: '#8a4b00',
  sign: '#fde2e1',
  signEdge: '#b3261e',
  exp: '#dde8fb',
  expEdge: '#2952a3',
  mant: '#e3f4e6',
  mantEdge: '#1e7a3a',
  tensor: '#d0632b',
  channel: '#3a7bd5',
} as const;

export const SANS = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif";
export const MONO = "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace";

/** Rough advance of one character (em) for laying out text without measuring it; monospace is exact-ish, sans a generous average. */
const ADVANCE = { mono: 0.62, sans: 0.56 } as const;
export const textWidth = (s: string, size: number, font: 'mono' | 'sans'): number => [...s].length * size * ADVANCE[font];

type Attr = string | number | undefined;

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Numbers as short, finite attribute text (2 decimals is far below a pixel). */
const num = (v: number): string => {
  if (!Number.isFinite(v)) throw new Error(`SVG attribute is not a finite number: ${v}`);
  return String(Math.round(v * 100) / 100);
};

function attrs(a: Readonly<Record<string, Attr>>): string {
  return Object.entries(a)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? num(v) : escapeXml(v)}"`)
    .join('');
}

/** An element; `children` is already SVG text (from these helpers). */
export function el(tag: string, a: Readonly<Record<string, Attr>>, children = ''): string {
  return children === '' ? `<${tag}${attrs(a)}/>` : `<${tag}${attrs(a)}>${children}</${tag}>`;
}

export interface TextStyle {
  readonly size?: number;
  readonly font?: 'mono' | 'sans';
  readonly fill?: string;
  readonly weight?: 'bold';
  readonly anchor?: 'start' | 'middle' | 'end';
  readonly italic?: boolean;
}

export function text(x: number, y: number, content: string, style: TextStyle = {}): string {
  return el(
    'text',
    {
      x,
      y,
      fill: style.fill ?? COLOURS.fg,
      'font-size': style.size ?? 13,
      'font-family': style.font === 'mono' ? MONO : SANS,
      'font-weight': style.weight,
      'font-style': style.italic === true ? 'italic' : undefined,
      'text-anchor': style.anchor === 'start' ? undefined : style.anchor,
    },
    escapeXml(content),
  );
}

/** Greedy word wrap to at most `width` px (a word longer than a line gets a line of its own). */
export function wrap(content: string, width: number, size: number, font: 'mono' | 'sans'): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of content.split(/\s+/).filter((w) => w !== '')) {
    const next = line === '' ? word : `${line} ${word}`;
    if (line !== '' && textWidth(next, size, font) > width) {
      out.push(line);
      line = word;
    } else line = next;
  }
  if (line !== '') out.push(line);
  return out.length === 0 ? [''] : out;
}

/** Wrapped lines from (x, y) down, `lead` px apart; returns the SVG and the y below the last line. */
export function paragraph(
  x: number,
  y: number,
  content: string,
  width: number,
  style: TextStyle & { readonly lead?: number } = {},
): { svg: string; bottom: number } {
  const size = style.size ?? 13;
  const lead = style.lead ?? Math.round(size * 1.35);
  const lines = wrap(content, width, size, style.font ?? 'sans');
  return {
    svg: lines.map((l, i) => text(x, y + i * lead, l, style)).join(''),
    bottom: y + (lines.length - 1) * lead + Math.round(size * 0.5),
  };
}

export interface TableColumn {
  readonly head: string;
  readonly width: number;
  readonly font?: 'mono' | 'sans';
  readonly align?: 'start' | 'end';
}

/** A bordered table with a shaded head row; cell text wraps within its column. Returns the SVG and its bottom y. */
export function table(
  x: number,
  y: number,
  columns: readonly TableColumn[],
  rows: readonly (readonly string[])[],
  opts: { readonly size?: number; readonly shade?: readonly boolean[] } = {},
): { svg: string; bottom: number } {
  const size = opts.size ?? 12;
  const lead = Math.round(size * 1.3);
  const pad = 5;
  let svg = '';
  let top = y;
  const total = columns.reduce((w, c) => w + c.width, 0);
  const row = (cells: readonly string[], head: boolean, shade: boolean) => {
    const wrapped = columns.map((c, i) => wrap(cells[i] ?? '', c.width - 2 * pad, size, head ? 'sans' : (c.font ?? 'sans')));
    const height = Math.max(...wrapped.map((w) => w.length)) * lead + 2 * pad - (lead - size) + 2;
    svg += el('rect', {
      x,
      y: top,
      width: total,
      height,
      fill: head ? COLOURS.codeBg : shade ? COLOURS.warnBg : COLOURS.bg,
      stroke: COLOURS.border,
    });
    let left = x;
    columns.forEach((c, i) => {
      if (i > 0) svg += el('line', { x1: left, x2: left, y1: top, y2: top + height, stroke: COLOURS.border });
      const end = c.align === 'end' && !head;
      (wrapped[i] ?? []).forEach((l, k) => {
        svg += text(end ? left + c.width - pad : left + pad, top + pad + size + k * lead - 1, l, {
          size,
          font: head ? 'sans' : (c.font ?? 'sans'),
          anchor: end ? 'end' : 'start',
          ...(head && { weight: 'bold' }),
        });
      });
      left += c.width;
    });
    top += height;
  };
  row(
    columns.map((c) => c.head),
    true,
    false,
  );
  rows.forEach((r, i) => row(r, false, opts.shade?.[i] === true));
  return { svg, bottom: top };
}

export interface StaticSvg {
  /** A standalone SVG document (xmlns, white background, <title>). */
  readonly svg: string;
  /** One line saying what the picture shows (alt text, caption). */
  readonly alt: string;
}

/** The root element: width × height with a viewBox (so it scales), a white background, and a <title> for screen readers. */
export function svgDocument(width: number, height: number, title: string, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg"${attrs({ width, height, viewBox: `0 0 ${num(width)} ${num(height)}`, role: 'img', 'font-family': SANS })}>` +
    `${el('title', {}, escapeXml(title))}${el('rect', { x: 0, y: 0, width, height, fill: COLOURS.bg })}${body}</svg>`
  );
}
