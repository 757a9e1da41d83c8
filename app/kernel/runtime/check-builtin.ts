// `check`, used by an exercise's hidden ```check code. Each call prints one
// line, "✓ message" or "✗ message: …", which the notebook reads back to tell
// the student what is right and what is wrong (see app/notebook/exercise.ts).
import { formatResult } from './format-value.ts';

export const CHECK_PASS = '✓ ';
export const CHECK_FAIL = '✗ ';

export interface Check {
  ok(condition: unknown, message: string): boolean;
  equal(actual: unknown, expected: unknown, message: string): boolean;
  close(actual: unknown, expected: number, tolerance: number, message: string): boolean;
}

/** Values that print themselves (tensors, iinfo…) are equal when they print the same. */
const printsItself = (v: object): boolean => !Array.isArray(v) && v.toString !== Object.prototype.toString;

/** Arrays and typed arrays as plain lists (Object.values keeps index order). */
const asList = (v: object): unknown[] | null =>
  Array.isArray(v) ? v : ArrayBuffer.isView(v) && !(v instanceof DataView) ? Object.values(v) : null;

export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) return a == b;
  if (typeof a !== 'object' || a === null) return false;
  // A tensor or other printable object may be compared with its printed text.
  if (typeof b === 'string') return printsItself(a) && String(a) === b;
  if (typeof b !== 'object' || b === null) return false;
  const xs = asList(a);
  const ys = asList(b);
  if (xs !== null || ys !== null) return xs !== null && ys !== null && xs.length === ys.length && xs.every((x, i) => deepEqual(x, ys[i]));
  if (printsItself(a) || printsItself(b)) return String(a) === String(b);
  const ea = Object.entries(a);
  const eb = new Map(Object.entries(b));
  return ea.length === eb.size && ea.every(([k, v]) => eb.has(k) && deepEqual(v, eb.get(k)));
}

export function createCheck(print: (line: string) => void): Check {
  const report = (passed: boolean, message: string, detail: string): boolean => {
    print(passed ? `${CHECK_PASS}${message}` : `${CHECK_FAIL}${message}${detail === '' ? '' : `: ${detail}`}`);
    return passed;
  };
  return {
    ok: (condition, message) => report(Boolean(condition), message, ''),
    equal: (actual, expected, message) =>
      report(deepEqual(actual, expected), message, `expected ${formatResult(expected)}, got ${formatResult(actual)}`),
    close: (actual, expected, tolerance, message) => {
      const value = typeof actual === 'bigint' ? Number(actual) : actual;
      const passed = typeof value === 'number' && Math.abs(value - expected) <= tolerance;
      return report(passed, message, `expected ${formatResult(expected)} ± ${formatResult(tolerance)}, got ${formatResult(actual)}`);
    },
  };
}
