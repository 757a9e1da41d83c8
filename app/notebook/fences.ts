// Splits a Markdown block into prose and top-level fenced blocks, so the page
// builder can lift out the fences that mean something to the notebook
// (`figure`, `python original`, an exercise's `hint`/`solution`/`check`).
// Joining every piece's `raw` gives back the block's source exactly.

export type MarkdownPiece =
  | { readonly kind: 'prose'; readonly raw: string }
  | { readonly kind: 'fence'; readonly raw: string; readonly info: string; readonly body: string; readonly line: number };

const OPEN = /^( {0,3})(`{3,}|~{3,})(.*)$/;

/** `line` is the 1-based file line of the block's first line. */
export function splitFences(source: string, line: number): MarkdownPiece[] {
  const lines = source.split(/(?<=\n)/);
  const pieces: MarkdownPiece[] = [];
  let prose = '';
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    const open = OPEN.exec(text.replace(/\r?\n$/, ''));
    if (open === null || (open[2]!.startsWith('`') && open[3]!.includes('`'))) {
      prose += text;
      continue;
    }
    const marker = open[2]!;
    const close = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`);
    let j = i + 1;
    while (j < lines.length && !close.test(lines[j]!.replace(/\r?\n$/, ''))) j++;
    if (j >= lines.length) {
      // Unclosed: the lesson parser reports it; here it is just prose.
      prose += lines.slice(i).join('');
      break;
    }
    if (prose !== '') pieces.push({ kind: 'prose', raw: prose });
    prose = '';
    const body = lines
      .slice(i + 1, j)
      .join('')
      .replace(/\r?\n$/, '');
    pieces.push({ kind: 'fence', raw: lines.slice(i, j + 1).join(''), info: open[3]!.trim(), body, line: line + i });
    i = j;
  }
  if (prose !== '') pieces.push({ kind: 'prose', raw: prose });
  return pieces;
}

export const isBlank = (p: MarkdownPiece): boolean => p.kind === 'prose' && p.raw.trim() === '';
