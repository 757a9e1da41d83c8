// Where in the cell a runtime error happened. Each run's function is named by
// a `//# sourceURL=` comment, so its frames in an error's stack read
// "cell-<id>-run<n>.ts:LINE:COLUMN". The AsyncFunction constructor puts a
// header before the body; how many lines it takes differs between engines,
// so it is measured once at start-up rather than assumed.

/** The AsyncFunction constructor; declared once so its calls are typed. */
export type AsyncFunctionConstructor = new (...argsAndBody: string[]) => (...args: unknown[]) => Promise<unknown>;
export const AsyncFunction: AsyncFunctionConstructor = Object.getPrototypeOf(async () => {}).constructor;

export interface HeaderOffset {
  /** Stack line minus body line. */
  readonly lines: number;
  /** Extra columns before the body's first line (0 when the body starts on its own line). */
  readonly firstLineColumns: number;
}

const PROBE_URL = 'kernel-probe.ts';

/** Measures the header by throwing from a known position of a probe body. */
export async function measureHeaderOffset(parameters: readonly string[]): Promise<HeaderOffset> {
  // `new` is at 0-based column 6 of the body's first line.
  const probe = new AsyncFunction(...parameters, `throw new Error("probe")\n//# sourceURL=${PROBE_URL}`);
  try {
    await probe();
  } catch (error) {
    const frame = findFrame(error, PROBE_URL);
    if (frame) return { lines: frame.line - 1, firstLineColumns: frame.column - 1 - 6 };
  }
  return { lines: 2, firstLineColumns: 0 };
}

/** 1-based line and column of the first stack frame in `url`, as the engine reports it. */
export function findFrame(error: unknown, url: string): { line: number; column: number } | undefined {
  const stack = error instanceof Error ? error.stack : undefined;
  if (typeof stack !== 'string') return undefined;
  const escaped = url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(stack);
  if (!match) return undefined;
  return { line: Number(match[1]), column: Number(match[2]) };
}

/** The body position (1-based line, 0-based column) of an error's frame in `url`. */
export function bodyPosition(error: unknown, url: string, header: HeaderOffset): { line: number; column: number } | undefined {
  const frame = findFrame(error, url);
  if (!frame) return undefined;
  const line = frame.line - header.lines;
  if (line < 1) return undefined;
  const column = frame.column - 1 - (line === 1 ? header.firstLineColumns : 0);
  return { line, column: Math.max(column, 0) };
}
