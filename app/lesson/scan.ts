// Finds the lesson's structure in the body with the shared markdown-it
// parser: code cells, output fences, and the mistakes markdown-it forgives
// silently (an unclosed fence, `$$` or `:::` swallows the rest of the file).
import { ESCAPED_WORD } from './output-escape.ts';
import type { Token } from 'markdown-it';
import { ADMONITION_TYPES, parseAdmonitionInfo } from './admonition.ts';
import { infoWords } from './attrs.ts';
import type { Problem } from './front-matter.ts';
import { stripEol } from './lines.ts';
import { createRenderEnv, md } from './markdown.ts';

/** A fenced block at the top level; lines are 0-based file indexes, `end` exclusive. */
export interface TopFence {
  readonly kind: 'cell' | 'output';
  readonly start: number;
  readonly end: number;
  /** Words after `ts` (empty for output fences). */
  readonly words: readonly string[];
  /** Fence content as markdown-it sees it (fence indentation removed, '\n' line breaks). */
  readonly content: string;
}

export interface BodyScan {
  /** Every top-level block in order; `other` marks anything that is not a cell or an output. */
  readonly top: readonly (TopFence | { readonly kind: 'other' })[];
  readonly problems: readonly Problem[];
}

const newlines = (s: string): number => s.split('\n').length - 1;

export function scanBody(lines: readonly string[], bodyStart: number): BodyScan {
  let body = lines.slice(bodyStart).join('');
  // The unclosed-fence test counts content lines, so the last line needs its break too.
  if (body !== '' && !/[\r\n]$/.test(body)) body += '\n';
  const tokens = md.parse(body, createRenderEnv('/'));
  const bodyLineCount = lines.length - bodyStart;
  const top: BodyScan['top'][number][] = [];
  const problems: Problem[] = [];
  const fileLine = (bodyIndex: number): number => bodyIndex + bodyStart + 1;
  const rawLine = (bodyIndex: number): string => stripEol(lines[bodyIndex + bodyStart] ?? '');
  let unknownAdmonitions = 0;

  tokens.forEach((token, index) => {
    const map = token.map;
    if (map === null || token.nesting === -1) return;
    const [first, last] = map;
    if (token.type === 'fence') {
      const inner = innerFence(token);
      if (inner >= 0) {
        problems.push({
          line: fileLine(first),
          message: `code fence opened here is never closed: line ${fileLine(first + 1 + inner)} opens another fence inside it (to show a fence, use a longer one like ${token.markup}${token.markup[0] ?? ''})`,
        });
      } else if (last - first - newlines(token.content) !== 2) {
        // markdown-it runs an unclosed fence to the end of its container; a
        // closed one spans its content lines plus the two fence lines.
        problems.push({ line: fileLine(first), message: 'code fence opened here is never closed' });
      }
      const cellWords = infoWords(token.info, 'ts');
      const outputWords = infoWords(token.info, 'output');
      if (cellWords !== null || outputWords !== null) {
        if (token.level > 0) {
          problems.push({
            line: fileLine(first),
            message:
              cellWords !== null
                ? 'a ts code cell must be at the top level, not inside a list, quote or ::: block (use ```typescript to only show code)'
                : 'an output fence must directly follow a ts code cell at the top level',
          });
          return;
        }
        // The one word an output fence takes: `escaped` (control characters written as \xHH, output-escape.ts).
        if (outputWords !== null && (outputWords.length > 1 || (outputWords.length === 1 && outputWords[0] !== ESCAPED_WORD))) {
          problems.push({ line: fileLine(first), message: `an output fence takes no attributes, got '${outputWords.join(' ')}'` });
        }
        const start = first + bodyStart;
        const end = last + bodyStart;
        top.push({
          kind: cellWords !== null ? 'cell' : 'output',
          start,
          end,
          words: cellWords ?? outputWords ?? [],
          content: token.content,
        });
        return;
      }
    } else if (token.type === 'math_block' && token.markup === '$$') {
      const firstText = rawLine(first).replace(/^[\s>]*/, '');
      const closed =
        last - first === 1
          ? /^\$\$.*\$\$\s*$/.test(firstText)
          : rawLine(last - 1)
              .trimEnd()
              .endsWith('$$');
      if (!closed) problems.push({ line: fileLine(first), message: "math block '$$' opened here is never closed" });
    } else if (token.type === 'container_admonition_open') {
      const closed = last < bodyLineCount && /^:{3,}\s*$/.test(rawLine(last).replace(/^[\s>]*/, ''));
      if (!closed)
        problems.push({
          line: fileLine(first),
          message: `admonition '${token.markup}${token.info}' opened here is never closed (add a line '${token.markup}')`,
        });
    } else if (token.type === 'inline' && tokens[index - 1]?.type === 'paragraph_open') {
      unknownAdmonitions = checkStrayColons(token, fileLine(first), problems, unknownAdmonitions);
    }
    if (token.level === 0) top.push({ kind: 'other' });
  });
  return { top, problems };
}

/**
 * Index of a content line that opens a fence of the same kind (```` ```ts ````
 * inside a ```` ``` ```` block): it cannot close the block, so the author almost
 * surely forgot the closing line above it, and the block silently swallowed
 * what follows (cells included) up to the next bare fence line. -1 if none.
 */
function innerFence(fence: Token): number {
  const char = fence.markup[0] ?? '`';
  return fence.content.split('\n').findIndex((line) => {
    const run = /^ {0,3}(`{3,}|~{3,})[ \t]*\S/.exec(line)?.[1];
    return run !== undefined && run[0] === char && run.length >= fence.markup.length;
  });
}

/**
 * A `:::` line that ended up as paragraph text is a typo'd admonition type or
 * a closing marker without an opening one; say so instead of showing ':::'.
 */
function checkStrayColons(inline: Token, line: number, problems: Problem[], unknownOpen: number): number {
  let pending = unknownOpen;
  inline.content.split('\n').forEach((text, i) => {
    const match = /^:{3,}\s*(.*)$/.exec(text.trim());
    if (match === null) return;
    const info = match[1] ?? '';
    if (info === '') {
      if (pending > 0)
        pending--; // the closer of an admonition already reported as unknown
      else problems.push({ line: line + i, message: "':::' here closes no admonition" });
    } else if (parseAdmonitionInfo(info) === null) {
      pending++;
      const type = info.split(/\s+/)[0] ?? '';
      problems.push({ line: line + i, message: `unknown admonition type '${type}' (expected one of: ${ADMONITION_TYPES.join(', ')})` });
    }
  });
  return pending;
}
