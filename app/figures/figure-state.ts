// What each figure shows is a function of a few values (its state): the
// figure components start from `defaultFigureState(name, options)` and report
// their state as the student changes it (`rememberFigureState`), so an
// export can draw the figure as the student sees it now — or, for a figure
// the page has not rendered yet (a big lesson renders progressively, figures
// load lazily), as it would first appear. Plain TS (page and Node).
import { floatBits } from '../torch/bits.ts';
import { saturate } from '../torch/fixed.ts';
import { R_DOMAIN, snapToStep, toBitWidth, type BitWidth } from './linear.ts';
import { booleanOption, clamp, numberOption, parseNumber, stringOption } from './format.ts';
import { CHANNELS } from './dynamic.ts';

export const FLOAT_FORMATS = ['float32', 'float16', 'bfloat16'] as const;
export type BitFormat = (typeof FLOAT_FORMATS)[number];

export interface BitExplorerState {
  readonly name: 'bit-explorer';
  /** The value box's text as typed (may not parse). */
  readonly text: string;
  /** The last value that parsed, as float64, with its parse note. */
  readonly typed: number;
  readonly note: string;
  /** Each format's value now (the typed value's rounding, or what bit flips made of it). */
  readonly values: Readonly<Record<BitFormat, number>>;
  /** Formats changed by bit flips. */
  readonly edited: readonly BitFormat[];
}

export interface IntegerRangesState {
  readonly name: 'integer-ranges';
  readonly text: string;
}
/** Raw integers: a and b int8, acc int16. */
export interface MacState {
  readonly name: 'mac-walkthrough';
  readonly a: number;
  readonly b: number;
  readonly acc: number;
}
export interface LinearState {
  readonly name: 'linear-mapping';
  readonly rmin: number;
  readonly rmax: number;
  readonly bits: BitWidth;
  readonly signed: boolean;
  readonly r: number;
}
export interface DynamicState {
  readonly name: 'dynamic-range';
  readonly seed: number;
  readonly outlier: number;
  readonly channel: number;
  readonly symmetric: boolean;
}
export interface PtqState {
  readonly name: 'ptq-table';
}

export type FigureState = BitExplorerState | IntegerRangesState | MacState | LinearState | DynamicState | PtqState;

export const nearestAll = (x: number): Record<BitFormat, number> => ({
  float32: floatBits(x, 'float32').value,
  float16: floatBits(x, 'float16').value,
  bfloat16: floatBits(x, 'bfloat16').value,
});

type Options = Readonly<Record<string, unknown>>;

export function bitExplorerDefaults(options: Options): BitExplorerState {
  const text = stringOption(options, 'value', '1/3');
  const p = parseNumber(text);
  const typed = p.ok ? p.value : 1 / 3;
  return { name: 'bit-explorer', text, typed, note: p.ok ? p.note : '', values: nearestAll(typed), edited: [] };
}

export const macDefaults = (options: Options): MacState => ({
  name: 'mac-walkthrough',
  a: saturate(Math.round(numberOption(options, 'a', -50)), 8),
  b: saturate(Math.round(numberOption(options, 'b', 30)), 8),
  acc: saturate(Math.round(numberOption(options, 'acc', 500)), 16),
});

export const linearDefaults = (options: Options): LinearState => ({
  name: 'linear-mapping',
  rmin: snapToStep(numberOption(options, 'rmin', -1.5), -4, 0),
  rmax: snapToStep(numberOption(options, 'rmax', 2.5), 0, 4),
  bits: toBitWidth(numberOption(options, 'bits', 8)),
  signed: booleanOption(options, 'signed', false),
  r: snapToStep(numberOption(options, 'r', 0.7), R_DOMAIN[0], R_DOMAIN[1]),
});

export const dynamicDefaults = (options: Options): DynamicState => ({
  name: 'dynamic-range',
  seed: Math.trunc(numberOption(options, 'seed', 0)),
  outlier: clamp(Math.round(numberOption(options, 'outlier', 20)), 1, 100),
  channel: clamp(Math.trunc(numberOption(options, 'channel', 1)), 0, CHANNELS - 1),
  symmetric: booleanOption(options, 'symmetric', false),
});

/** What the figure shows before the student touches it; null for a name no figure has. */
export function defaultFigureState(name: string, options: Options): FigureState | null {
  switch (name) {
    case 'bit-explorer':
      return bitExplorerDefaults(options);
    case 'integer-ranges':
      return { name, text: stringOption(options, 'value', '300') };
    case 'mac-walkthrough':
      return macDefaults(options);
    case 'linear-mapping':
      return linearDefaults(options);
    case 'dynamic-range':
      return dynamicDefaults(options);
    case 'ptq-table':
      return { name };
    default:
      return null;
  }
}

// Keyed by the figure block's options object (app/notebook/lesson-page.ts): one per figure of a built
// lesson page, shared by the notebook and the slides, and gone with the page (a lesson opened again starts fresh,
// as its figures do). No lesson id or line is needed to find a figure's state again.
const reported = new WeakMap<object, FigureState>();

/** Page: a figure says what it shows now. */
export function rememberFigureState(block: Options, state: FigureState): void {
  reported.set(block, state);
}

/** The state a figure last reported, else the one it starts with. */
export function currentFigureState(name: string, options: Options): FigureState | null {
  const seen = reported.get(options);
  return seen !== undefined && seen.name === name ? seen : defaultFigureState(name, options);
}
