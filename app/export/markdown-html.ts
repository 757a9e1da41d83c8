// What exported Markdown means elsewhere. The app renders Markdown with raw
// HTML off (a `<script>` in a lesson shows as text); Jupyter renders raw HTML
// in Markdown cells. So the `.ipynb` writes every tag-like `<` outside code as
// `&lt;`: Jupyter then shows the same text the app shows, and runs nothing.
// Code spans and fenced blocks are left alone (Markdown shows them literally).

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const TAG_START = /<(?=[A-Za-z/!?])/g;

/** Markdown whose raw HTML shows as text in any renderer, as it does in the app. */
export function escapeRawHtml(markdown: string): string {
  const out: string[] = [];
  let fence: string | null = null;
  for (const line of markdown.split(/(?<=\n)/)) {
    const opener = FENCE.exec(line)?.[1];
    if (fence !== null) {
      if (opener !== undefined && opener[0] === fence[0] && opener.length >= fence.length && line.trim() === opener) fence = null;
      out.push(line);
    } else if (opener !== undefined) {
      fence = opener;
      out.push(line);
    } else {
      out.push(escapeOutsideCodeSpans(line));
    }
  }
  return out.join('');
}

/** A code span is a run of N backticks up to the next run of exactly N (CommonMark); everything else gets escaped. */
function escapeOutsideCodeSpans(line: string): string {
  let result = '';
  let i = 0;
  while (i < line.length) {
    const tick = line.indexOf('`', i);
    if (tick < 0) {
      result += line.slice(i).replace(TAG_START, '&lt;');
      break;
    }
    result += line.slice(i, tick).replace(TAG_START, '&lt;');
    const run = /^`+/.exec(line.slice(tick))?.[0] ?? '`';
    const close = findRun(line, run.length, tick + run.length);
    if (close < 0) {
      result += run;
      i = tick + run.length;
    } else {
      result += line.slice(tick, close + run.length);
      i = close + run.length;
    }
  }
  return result;
}

function findRun(line: string, length: number, from: number): number {
  const runs = /`+/g;
  runs.lastIndex = from;
  for (let m = runs.exec(line); m !== null; m = runs.exec(line)) if (m[0].length === length) return m.index;
  return -1;
}

/** A fenced block that `body` cannot close early. */
export function fenced(info: string, body: string): string {
  const longest = Math.max(2, ...[...body.matchAll(/^[ \t]*(`+)/gm)].map((m) => m[1]!.length));
  const marker = '`'.repeat(longest + 1);
  return `${marker}${info}\n${body.replace(/\r?\n$/, '')}${body === '' ? '' : '\n'}${marker}\n`;
}
