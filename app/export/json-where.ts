// Where a JSON text first goes wrong, as line and column. JSON.parse's own
// messages differ by browser and often give no position at all (Chromium:
// `Unexpected token 'x', "…" is not valid JSON`), so a student importing a
// broken notebook would not know where to look. This scanner only checks
// the grammar (RFC 8259), builds no values and uses no recursion, so deep
// nesting cannot overflow the stack. Runs anywhere (page, Node).

export interface JsonProblem {
  /** 1-based line and column (in UTF-16 code units, as an editor counts them). */
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

const WS = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// eslint-disable-next-line no-control-regex -- JSON strings may not hold raw control characters: that is the rule checked.
const STRING_BODY = /(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*/y;

function where(text: string, offset: number, message: string): JsonProblem {
  const before = text.slice(0, offset);
  const line = (before.match(/\n/g)?.length ?? 0) + 1;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1, message };
}

const shown = (ch: string | undefined): string => (ch === undefined ? 'the end of the file' : `“${ch}”`);

/** The first syntax error of `text` as JSON, or null if it is valid JSON. */
export function jsonProblem(text: string): JsonProblem | null {
  let i = 0;
  const skip = () => {
    while (i < text.length && WS.has(text[i]!)) i++;
  };
  // What may come next: a value, or (inside a container) a key, ':', ',' or a closer.
  const stack: ('{' | '[')[] = [];
  type Want = 'value' | 'key-or-close' | 'key' | 'colon' | 'comma-or-close' | 'value-or-close';
  let want: Want = 'value';
  // After a value: end of input at the top level, else ',' or the container's closer.
  const afterValue = (): Want => 'comma-or-close';
  for (;;) {
    skip();
    const ch = text[i];
    if (stack.length === 0 && want === 'comma-or-close') {
      return ch === undefined ? null : where(text, i, `unexpected ${shown(ch)} after the end of the notebook's JSON`);
    }
    if (want === 'value' || want === 'value-or-close') {
      if (want === 'value-or-close' && ch === ']') {
        stack.pop();
        i++;
        want = afterValue();
        continue;
      }
      if (ch === '{') {
        stack.push('{');
        i++;
        want = 'key-or-close';
      } else if (ch === '[') {
        stack.push('[');
        i++;
        want = 'value-or-close';
      } else if (ch === '"') {
        const end = stringEnd(text, i);
        if (typeof end !== 'number') return end;
        i = end;
        want = afterValue();
      } else if (ch !== undefined && /[-\d]/.test(ch)) {
        NUMBER.lastIndex = i;
        const m = NUMBER.exec(text);
        if (m === null) return where(text, i, 'a number is written wrongly');
        i += m[0].length;
        want = afterValue();
      } else {
        const word = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
        if (word === undefined) return where(text, i, `expected a value but found ${shown(ch)}`);
        i += word.length;
        want = afterValue();
      }
      continue;
    }
    if (want === 'key-or-close' || want === 'key') {
      if (want === 'key-or-close' && ch === '}') {
        stack.pop();
        i++;
        want = afterValue();
        continue;
      }
      if (ch !== '"') return where(text, i, `expected a property name in double quotes but found ${shown(ch)}`);
      const end = stringEnd(text, i);
      if (typeof end !== 'number') return end;
      i = end;
      want = 'colon';
      continue;
    }
    if (want === 'colon') {
      if (ch !== ':') return where(text, i, `expected “:” after a property name but found ${shown(ch)}`);
      i++;
      want = 'value';
      continue;
    }
    // comma-or-close inside a container
    const top = stack.at(-1);
    const closer = top === '{' ? '}' : ']';
    if (ch === ',') {
      i++;
      want = top === '{' ? 'key' : 'value';
    } else if (ch === closer) {
      stack.pop();
      i++;
      want = afterValue();
    } else {
      return where(text, i, `expected “,” or “${closer}” but found ${shown(ch)}`);
    }
  }
}

/** The offset after the string starting at `start` (a '"'), or the problem with it. */
function stringEnd(text: string, start: number): number | JsonProblem {
  STRING_BODY.lastIndex = start + 1;
  const m = STRING_BODY.exec(text);
  const end = start + 1 + (m?.[0].length ?? 0);
  const ch = text[end];
  if (ch === '"') return end + 1;
  if (ch === undefined) return where(text, start, 'a string starting here is never closed');
  if (ch === '\\') return where(text, end, 'a string has an invalid escape (\\)');
  return where(text, end, 'a string contains a line break or control character (write it as \\n)');
}
