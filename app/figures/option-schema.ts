// The figures a lesson may embed and the options each takes (plain TS, no
// React: the lesson loader checks every ```figure fence against this, so a
// misspelt name, an unknown option or an absurd value is an error naming the
// fence's line, like broken YAML, instead of a figure that silently ignores
// it). registry.ts must list exactly these names (registry.test.ts).
import { parseInteger, parseNumber } from './format.ts';

type OptionSpec =
  | { readonly kind: 'number'; readonly min: number; readonly max: number; readonly whole?: boolean }
  | { readonly kind: 'boolean' }
  /** Text the reader could have typed into the figure's number box. */
  | { readonly kind: 'number-text' }
  /** A whole number of any size (quoted for more than 2^53). */
  | { readonly kind: 'whole-text' };

const int = (min: number, max: number): OptionSpec => ({ kind: 'number', min, max, whole: true });
const num = (min: number, max: number): OptionSpec => ({ kind: 'number', min, max });
const bool: OptionSpec = { kind: 'boolean' };

export const FIGURE_OPTIONS: Readonly<Record<string, Readonly<Record<string, OptionSpec>>>> = {
  'bit-explorer': { value: { kind: 'number-text' } },
  'integer-ranges': { value: { kind: 'whole-text' } },
  'mac-walkthrough': { a: int(-128, 127), b: int(-128, 127), acc: int(-32768, 32767) },
  'linear-mapping': { rmin: num(-4, 0), rmax: num(0, 4), bits: int(2, 8), signed: bool, r: num(-5, 5) },
  'dynamic-range': { outlier: num(1, 100), seed: int(0, Number.MAX_SAFE_INTEGER), channel: int(0, 3), symmetric: bool },
  'ptq-table': {},
};

/** A value as the lesson wrote it, short enough for one message line. */
function shown(value: unknown): string {
  const text =
    typeof value === 'string'
      ? JSON.stringify(value)
      : typeof value === 'number' || typeof value === 'boolean' || value === null
        ? String(value)
        : Array.isArray(value)
          ? 'a list'
          : typeof value === 'object'
            ? 'a mapping'
            : typeof value;
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

function problem(key: string, spec: OptionSpec, value: unknown): string | null {
  switch (spec.kind) {
    case 'boolean':
      return typeof value === 'boolean' ? null : `${key} must be true or false, not ${shown(value)}`;
    case 'number': {
      const what = `${spec.whole === true ? 'a whole number' : 'a number'} from ${spec.min} to ${spec.max === Number.MAX_SAFE_INTEGER ? '2^53 - 1' : spec.max}`;
      const ok =
        typeof value === 'number' &&
        Number.isFinite(value) &&
        value >= spec.min &&
        value <= spec.max &&
        (spec.whole !== true || Number.isInteger(value));
      return ok ? null : `${key} must be ${what}, not ${shown(value)}`;
    }
    case 'number-text': {
      if (typeof value === 'number') return null;
      if (typeof value !== 'string' || value.length > 100)
        return `${key} must be a number as you would type it (0.1, 1/3, -0, inf, nan), not ${shown(value)}`;
      const parsed = parseNumber(value);
      return parsed.ok ? null : `${key} must be a number as you would type it (0.1, 1/3, -0, inf, nan), not ${shown(value)}`;
    }
    case 'whole-text': {
      const ok =
        (typeof value === 'number' && Number.isSafeInteger(value)) ||
        (typeof value === 'string' && value.length <= 100 && parseInteger(value) !== null);
      return ok ? null : `${key} must be a whole number (in quotes beyond 2^53), not ${shown(value)}`;
    }
  }
}

/** What is wrong with a ```figure NAME fence and its options; empty when nothing is. */
export function figureProblems(name: string, options: Readonly<Record<string, unknown>>): string[] {
  const specs = FIGURE_OPTIONS[name];
  const names = Object.keys(FIGURE_OPTIONS).join(', ');
  if (name === '') return [`a figure fence needs a name: \`\`\`figure NAME, one of ${names}`];
  if (specs === undefined) return [`unknown figure ${shown(name)}; the figures are ${names}`];
  const known = Object.keys(specs);
  const problems: string[] = [];
  for (const [key, value] of Object.entries(options)) {
    const spec = specs[key];
    if (spec === undefined) {
      problems.push(`figure ${name} has no option "${key}" (${known.length === 0 ? 'it takes none' : `its options: ${known.join(', ')}`})`);
      continue;
    }
    const why = problem(key, spec, value);
    if (why !== null) problems.push(`figure ${name}: ${why}`);
  }
  return problems;
}
