/**
 * Python's built-in format(value, spec): the format-spec mini-language
 * [[fill]align][sign][z][#][0][width][grouping][.precision][type].
 */
import { toFixedDigits, toSignificantDigits } from './decimal.ts';
import { pyFloatRepr } from './pystr.ts';

interface Spec {
  fill: string;
  align: '<' | '>' | '^' | '=' | '';
  sign: '+' | '-' | ' ';
  coerceZero: boolean;
  alternate: boolean;
  width: number;
  grouping: ',' | '_' | '';
  precision: number | undefined;
  type: string;
}

const SPEC_RE = /^(?:(.)?([<>=^]))?([-+ ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/su;

export function parseSpec(spec: string): Spec {
  const m = SPEC_RE.exec(spec);
  if (!m) throw new SyntaxError(`Invalid format specifier '${spec}'`);
  const zeroPad = m[6] !== undefined;
  return {
    fill: m[1] ?? (zeroPad && !m[2] ? '0' : ' '),
    align: (m[2] ?? (zeroPad ? '=' : '')) as Spec['align'],
    sign: (m[3] ?? '-') as Spec['sign'],
    coerceZero: m[4] !== undefined,
    alternate: m[5] !== undefined,
    width: m[7] === undefined ? 0 : Number(m[7]),
    grouping: (m[8] ?? '') as Spec['grouping'],
    precision: m[9] === undefined ? undefined : Number(m[9]),
    type: m[10] ?? '',
  };
}

export interface FormatOptions {
  /** A JS number is ambiguous between Python int and float; this forces one reading. */
  readonly numberKind?: 'int' | 'float';
}

/** Python's format(value, spec). Integral numbers count as ints for int presentation types and ''. */
export function format(value: unknown, spec = '', options: FormatOptions = {}): string {
  const parsed = parseSpec(spec);
  if (typeof value === 'bigint') return formatInt(value, parsed);
  if (typeof value === 'boolean')
    return parsed.type === '' ? pad(value ? 'True' : 'False', parsed, '<') : formatInt(value ? 1n : 0n, parsed);
  if (typeof value === 'number') {
    const intType = parsed.type !== '' && 'bcdoxXn'.includes(parsed.type);
    const treatAsInt =
      options.numberKind === 'int' ||
      (options.numberKind !== 'float' && Number.isInteger(value) && (intType || (parsed.type === '' && parsed.precision === undefined)));
    if (treatAsInt) {
      if (!Number.isInteger(value)) throw new TypeError(`Unknown format code '${parsed.type}' for object of type 'float'`);
      return formatInt(BigInt(value), parsed);
    }
    if (intType && parsed.type !== 'n') {
      throw new TypeError(`Unknown format code '${parsed.type}' for object of type 'float'`);
    }
    return formatFloat(value, parsed);
  }
  if (typeof value === 'string') {
    if (parsed.type !== '' && parsed.type !== 's') throw new TypeError(`Unknown format code '${parsed.type}' for object of type 'str'`);
    const text = parsed.precision === undefined ? value : value.slice(0, parsed.precision);
    return pad(text, parsed, '<');
  }
  if (value !== null && typeof value === 'object' && 'toString' in value) return pad(String(value), parsed, '<');
  throw new TypeError(`unsupported format string passed to ${typeof value}.__format__`);
}

function formatInt(value: bigint, spec: Spec): string {
  if (spec.precision !== undefined && (spec.type === '' || !'eEfFgG%'.includes(spec.type)))
    throw new SyntaxError('Precision not allowed in integer format specifier');
  if (spec.type !== '' && 'eEfFgG%'.includes(spec.type)) return formatFloat(Number(value), spec);
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  if (spec.type === 'c') return pad(String.fromCodePoint(Number(value)), spec, '>');
  const radix = { b: 2, o: 8, x: 16, X: 16, d: 10, n: 10, '': 10 }[spec.type] ?? 10;
  let digits = magnitude.toString(radix);
  if (spec.type === 'X') digits = digits.toUpperCase();
  const prefix = spec.alternate ? ({ b: '0b', o: '0o', x: '0x', X: '0X' }[spec.type] ?? '') : '';
  return assembleNumber(negative, prefix, digits, '', spec, radix === 10 ? 3 : 4);
}

function formatFloat(x: number, spec: Spec): string {
  let value = x;
  let type = spec.type;
  let suffix = '';
  if (type === '%') {
    value = x * 100;
    type = 'f';
    suffix = '%';
  }
  let body: string;
  if (!Number.isFinite(value)) {
    body = Number.isNaN(value) ? 'nan' : 'inf';
    if (type === 'E' || type === 'F' || type === 'G') body = body.toUpperCase();
  } else {
    body = floatBody(Math.abs(value), type, spec.precision, spec.alternate);
  }
  const roundsToZero = Number.isFinite(value) && !/[1-9]/u.test(body.replace(/e[+-]\d+$/iu, ''));
  const negative = (value < 0 || Object.is(value, -0)) && !(spec.coerceZero && roundsToZero);
  const { int, rest } = splitInt(body);
  return assembleNumber(negative, '', int, rest + suffix, spec, 3);
}

function splitInt(body: string): { int: string; rest: string } {
  const m = /^(\d*)(.*)$/su.exec(body)!;
  return { int: m[1]!, rest: m[2]! };
}

/** Unsigned rendering of a finite |x| for presentation type `type`. */
function floatBody(abs: number, type: string, precision: number | undefined, alternate: boolean): string {
  switch (type) {
    case 'f':
    case 'F': {
      const text = toFixedDigits(abs, precision ?? 6);
      return alternate && !text.includes('.') ? `${text}.` : text;
    }
    case 'e':
    case 'E': {
      const text = scientific(abs, precision ?? 6, alternate);
      return type === 'E' ? text.toUpperCase() : text;
    }
    case 'g':
    case 'G':
    case 'n': {
      const text = general(abs, precision ?? 6, alternate, false);
      return type === 'G' ? text.toUpperCase() : text;
    }
    default:
      if (precision === undefined) return pyFloatRepr(abs);
      return general(abs, precision, alternate, true);
  }
}

function scientific(abs: number, precision: number, alternate: boolean): string {
  const { digits, exponent } = toSignificantDigits(abs, precision + 1);
  const mantissa = precision > 0 || alternate ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/**
 * 'g', and '' with a precision, which keeps at least one fractional digit and switches to
 * scientific already at exponent p - 1 (Python docs, format spec "None").
 */
function general(abs: number, precision: number, alternate: boolean, noType: boolean): string {
  const p = precision === 0 ? 1 : precision;
  const { exponent } = toSignificantDigits(abs, p);
  let text: string;
  if (exponent >= -4 && exponent < (noType ? p - 1 : p)) {
    text = toFixedDigits(abs, p - 1 - exponent);
    if (!alternate) text = text.includes('.') ? text.replace(/\.?0+$/u, '') : text;
    else if (!text.includes('.')) text += '.';
    if (noType && !text.includes('.')) text += '.0';
  } else {
    text = scientific(abs, p - 1, alternate);
    if (!alternate) text = text.replace(/\.?0+e/u, 'e');
  }
  return text;
}

function group(int: string, separator: string, size: number): string {
  let out = '';
  for (let i = int.length; i > 0; i -= size) out = int.slice(Math.max(0, i - size), i) + (out ? separator + out : '');
  return out;
}

function assembleNumber(negative: boolean, prefix: string, int: string, rest: string, spec: Spec, groupSize: number): string {
  const sign = negative ? '-' : spec.sign === '-' ? '' : spec.sign;
  let digits = spec.grouping ? group(int, spec.grouping, groupSize) : int;
  if (spec.align === '=' && spec.fill === '0' && spec.grouping && /^\d/u.test(int)) {
    // zero padding extends the grouping (format(1234, '010,') == '00,001,234')
    const target = spec.width - sign.length - prefix.length - rest.length;
    let padded = int;
    while (group(padded, spec.grouping, groupSize).length < target) padded = `0${padded}`;
    digits = group(padded, spec.grouping, groupSize);
  }
  const body = digits + rest;
  const head = sign + prefix;
  if (spec.align === '=') return head + spec.fill.repeat(Math.max(0, spec.width - head.length - body.length)) + body;
  return pad(head + body, spec, '>');
}

function pad(text: string, spec: Spec, defaultAlign: '<' | '>'): string {
  const length = [...text].length;
  const missing = Math.max(0, spec.width - length);
  const align = spec.align === '' || spec.align === '=' ? defaultAlign : spec.align;
  if (align === '<') return text + spec.fill.repeat(missing);
  if (align === '>') return spec.fill.repeat(missing) + text;
  const left = Math.floor(missing / 2);
  return spec.fill.repeat(left) + text + spec.fill.repeat(missing - left);
}
