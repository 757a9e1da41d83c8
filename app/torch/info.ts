/**
 * torch.iinfo / torch.finfo. Their repr comes from C++ (THPIInfo_str / THPFInfo_str), which
 * streams the values as doubles with ostream's default "%g" formatting, hence
 * `iinfo(min=-9.22337e+18, ...)` for int64 even though `.min` is exact.
 */
import { type DType, DEFAULT_FLOAT_DTYPE, toDType } from './dtype.ts';
import { format } from './pyformat.ts';

const g = (x: number | bigint): string => format(Number(x), 'g');

export class IInfo {
  readonly bits: number;
  /** Exact bounds; bigint for int64 (which a double cannot hold exactly), number otherwise. */
  readonly min: number | bigint;
  readonly max: number | bigint;
  /** Python exposes the dtype as a plain string such as 'int8'. */
  readonly dtype: string;

  constructor(type: DType) {
    // torch 1.13's message really names 'torch.iinfo' as the thing to hand to finfo
    if (type.isFloat) throw new TypeError("torch.iinfo() requires an integer input type. Use torch.finfo to handle 'torch.iinfo'");
    this.bits = type.bits;
    this.dtype = type.name;
    const bits = BigInt(type.bits);
    const lo = type.isSigned ? -(1n << (bits - 1n)) : 0n;
    const hi = type.isSigned ? (1n << (bits - 1n)) - 1n : (1n << bits) - 1n;
    this.min = type.name === 'int64' ? lo : Number(lo);
    this.max = type.name === 'int64' ? hi : Number(hi);
  }

  toString(): string {
    return `iinfo(min=${g(this.min)}, max=${g(this.max)}, dtype=${this.dtype})`;
  }
}

interface FloatLayout {
  bits: number;
  mantissa: number;
  maxExponent: number;
  digits10: number;
}

const FLOAT_LAYOUTS: Readonly<Record<string, FloatLayout>> = {
  float16: { bits: 16, mantissa: 10, maxExponent: 15, digits10: 3 },
  bfloat16: { bits: 16, mantissa: 7, maxExponent: 127, digits10: 2 },
  float32: { bits: 32, mantissa: 23, maxExponent: 127, digits10: 6 },
  float64: { bits: 64, mantissa: 52, maxExponent: 1023, digits10: 15 },
};

export class FInfo {
  readonly bits: number;
  readonly eps: number;
  readonly max: number;
  readonly min: number;
  readonly tiny: number;
  readonly smallest_normal: number;
  readonly resolution: number;
  readonly dtype: string;

  constructor(type: DType) {
    const layout = FLOAT_LAYOUTS[type.name];
    if (!layout) throw new TypeError("torch.finfo() requires a floating point input type. Use torch.iinfo to handle 'torch.finfo'");
    this.bits = layout.bits;
    this.eps = 2 ** -layout.mantissa;
    this.max = (2 - 2 ** -layout.mantissa) * 2 ** layout.maxExponent;
    this.min = -this.max;
    this.tiny = 2 ** (1 - layout.maxExponent);
    this.smallest_normal = this.tiny;
    this.resolution = 10 ** -layout.digits10;
    this.dtype = type.name;
  }

  toString(): string {
    return (
      `finfo(resolution=${g(this.resolution)}, min=${g(this.min)}, max=${g(this.max)}, eps=${g(this.eps)}, ` +
      `smallest_normal=${g(this.smallest_normal)}, tiny=${g(this.tiny)}, dtype=${this.dtype})`
    );
  }
}

export function iinfo(type: unknown): IInfo {
  return new IInfo(toDType(type, 'torch.iinfo() argument'));
}

/** torch.finfo(); without an argument it describes the default dtype (float32). */
export function finfo(type: unknown = DEFAULT_FLOAT_DTYPE): FInfo {
  return new FInfo(toDType(type, 'torch.finfo() argument'));
}
