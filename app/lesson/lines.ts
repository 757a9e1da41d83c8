// Raw line handling. Lines keep their own line break so that joining them
// gives back the file byte for byte (needed for exact re-serialisation).

/** Splits after each line break (\r\n, \r or \n, as markdown-it counts lines). */
export function splitLines(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

export function stripEol(line: string): string {
  return line.replace(/(?:\r\n|\r|\n)$/, '');
}

export function isBlank(line: string): boolean {
  return /^[ \t]*(?:\r\n|\r|\n)?$/.test(line);
}
