// Printed text that a Markdown file cannot hold as it is: NUL (markdown-it
// turns it into U+FFFD, and Import refuses files with zero bytes), a lone CR
// (read back as a line break), ANSI escapes and other control characters,
// lone surrogates (not encodable in UTF-8). Such an output fence is written
// ```` ```output escaped ````, with backslash escapes that the parser undoes,
// so export → import gives back exactly what the cell printed. Only fences
// that need it are escaped: every other output stays plain, readable text.

/** C0 controls but tab and line feed, DEL, C1 controls, lone surrogates (control characters are the point here). */
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// eslint-disable-next-line no-control-regex
const ESCAPED = /[\\\u0000-\u0008\u000b-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The info word of an escaped output fence. */
export const ESCAPED_WORD = 'escaped';

export function needsEscape(text: string): boolean {
  return NEEDS_ESCAPE.test(text);
}

/** `\` → `\\`, a control character → `\xHH`, a lone surrogate → `\u{HHHH}`. */
export function escapeOutput(text: string): string {
  return text.replace(ESCAPED, (c) => {
    if (c === '\\') return '\\\\';
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

/** Undoes escapeOutput; a backslash before anything else stays as written. */
export function unescapeOutput(text: string): string {
  return text.replace(/\\(?:\\|x([0-9a-fA-F]{2})|u\{([0-9a-fA-F]{1,6})\})/g, (m, hex?: string, code?: string) => {
    if (m === '\\\\') return '\\';
    const n = Number.parseInt(hex ?? code ?? '', 16);
    // A surrogate half stays a UTF-16 code unit (as printed); others are code points.
    return n <= 0xffff ? String.fromCharCode(n) : n <= 0x10ffff ? String.fromCodePoint(n) : m;
  });
}
