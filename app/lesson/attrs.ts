// Cell attributes: the words after `ts` in a fence info string.
// `exercise` is a flag, `timeout=120` a key=value pair, `online` marks a cell
// that needs the network (the lesson checks skip it, the app badges it). Unknown attributes are
// kept (other tools may use them) and ignored here; known ones are validated.

export interface CellAttrs {
  readonly attrs: readonly string[];
  readonly attrMap: Readonly<Record<string, string | true>>;
  readonly timeoutSeconds?: number;
  /** `online`: the cell needs the network (the Hugging Face Hub); the lesson checks skip it. */
  readonly online: boolean;
  /** Messages for bad attribute values (the caller attaches file and line). */
  readonly problems: readonly string[];
}

/** Splits an info string into its words; null unless the first word is exactly `lang`. */
export function infoWords(info: string, lang: string): string[] | null {
  const words = info.trim().split(/\s+/);
  return words[0] === lang ? words.slice(1) : null;
}

/** A cell's stable identity (`id=scale-demo`): what saved edits follow when cells move (app/notebook/edit-matcher.ts). */
export const CELL_ID_PATTERN = /^[A-Za-z][\w-]{0,63}$/;

export function parseCellAttrs(words: readonly string[]): CellAttrs {
  const attrMap: Record<string, string | true> = {};
  const problems: string[] = [];
  for (const word of words) {
    const eq = word.indexOf('=');
    const key = eq > 0 ? word.slice(0, eq) : word;
    if (Object.hasOwn(attrMap, key)) problems.push(`cell attribute '${key}' is given twice`);
    attrMap[key] = eq > 0 ? word.slice(eq + 1) : true;
  }
  const timeout = attrMap['timeout'];
  let timeoutSeconds: number | undefined;
  if (timeout === true) {
    problems.push("cell attribute 'timeout' needs a value in seconds, e.g. timeout=120");
  } else if (timeout !== undefined) {
    const seconds = /^\d+(?:\.\d+)?$/.test(timeout) ? Number(timeout) : NaN;
    if (Number.isFinite(seconds) && seconds > 0) timeoutSeconds = seconds;
    else problems.push(`cell attribute 'timeout' must be a positive number of seconds, got '${timeout}'`);
  }
  const id = attrMap['id'];
  if (id === true) problems.push("cell attribute 'id' needs a value, e.g. id=scale-demo");
  else if (id !== undefined && !CELL_ID_PATTERN.test(id)) {
    problems.push(`cell attribute 'id' must be 1 to 64 letters, digits, '-' or '_' starting with a letter, got '${id}'`);
  }
  const online = attrMap['online'];
  if (typeof online === 'string') problems.push(`cell attribute 'online' takes no value, got 'online=${online}'`);
  // The lesson checks run an exercise's stub and solution; an online cell is never run by them.
  if (online !== undefined && attrMap['exercise'] === true)
    problems.push("an exercise cannot be 'online': the lesson checks must run it without network");
  const base = { attrs: [...words], attrMap, online: online === true, problems };
  return timeoutSeconds === undefined ? base : { ...base, timeoutSeconds };
}
