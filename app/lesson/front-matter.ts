// YAML front matter: the lesson's first line is `---`, a later line `---`
// closes it; between them a YAML mapping with at least a string `title`.
import { LineCounter, isMap, isNode, parseDocument } from 'yaml';
import { stripEol } from './lines.ts';

/** A problem found in the front matter, before the file path is attached. */
export interface Problem {
  readonly line: number;
  readonly message: string;
}

export type FrontMatter =
  /** Without a closed front matter the body cannot be located: nothing else is checked. */
  | { readonly ok: false; readonly problems: readonly Problem[] }
  | {
      readonly ok: true;
      /** Index (0-based) of the first line after the closing `---`. */
      readonly bodyStart: number;
      readonly data: Readonly<Record<string, unknown>>;
      readonly title: string;
      readonly chapter?: string;
      /** Invalid YAML or a bad title: reported, but the body can still be checked. */
      readonly problems: readonly Problem[];
    };

const isDelimiter = (line: string | undefined): boolean =>
  line !== undefined &&
  stripEol(line)
    .replace(/^\uFEFF/, '')
    .trimEnd() === '---';

export function readFrontMatter(lines: readonly string[]): FrontMatter {
  if (!isDelimiter(lines[0])) {
    return {
      ok: false,
      problems: [{ line: 1, message: "a lesson must start with YAML front matter: a line '---', 'title: …', then '---'" }],
    };
  }
  const close = lines.findIndex((line, i) => i > 0 && isDelimiter(line));
  if (close < 0) {
    return { ok: false, problems: [{ line: 1, message: "front matter opened here is never closed (no second '---' line)" }] };
  }
  const yamlText = lines.slice(1, close).join('');
  // YAML line 1 is file line 2. An error "at the end of input" is shown on the last YAML line.
  const fileLine = (yamlLine: number): number => Math.min(yamlLine + 1, Math.max(2, close));
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false });
  const problems: Problem[] = doc.errors.map((error) => ({
    line: fileLine(lineCounter.linePos(error.pos[0]).line || 1),
    message: `front matter is not valid YAML: ${error.message.split('\n')[0] ?? ''}`,
  }));
  if (problems.length > 0) return { ok: true, bodyStart: close + 1, data: {}, title: '', problems };

  if (doc.contents !== null && !isMap(doc.contents)) {
    const line = fileLine(lineCounter.linePos(doc.contents.range?.[0] ?? 0).line || 1);
    return {
      ok: true,
      bodyStart: close + 1,
      data: {},
      title: '',
      problems: [{ line, message: 'front matter must be a YAML mapping (key: value lines)' }],
    };
  }
  const data: Record<string, unknown> = {};
  const json: unknown = doc.toJS();
  if (typeof json === 'object' && json !== null) Object.assign(data, json);

  const lineOfKey = (key: string): number => {
    const node: unknown = doc.get(key, true);
    const offset = isNode(node) ? node.range?.[0] : undefined;
    return offset === undefined ? 1 : fileLine(lineCounter.linePos(offset).line || 1);
  };

  const title = data['title'];
  if (typeof title !== 'string' || title.trim() === '') {
    const message = "front matter must have a string 'title'" + (title === undefined ? '' : ` (got ${JSON.stringify(title)}; quote it)`);
    problems.push({ line: title === undefined ? 1 : lineOfKey('title'), message });
  }
  const rawChapter = data['chapter'];
  let chapter: string | undefined;
  if (typeof rawChapter === 'string' || typeof rawChapter === 'number') chapter = String(rawChapter);
  else if (rawChapter !== undefined && rawChapter !== null) {
    problems.push({ line: lineOfKey('chapter'), message: "front matter 'chapter' must be a string or a number" });
  }
  const base = { ok: true as const, bodyStart: close + 1, data, title: typeof title === 'string' ? title : '', problems };
  return chapter === undefined ? base : { ...base, chapter };
}
