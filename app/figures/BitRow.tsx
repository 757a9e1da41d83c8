// One float format in the bit explorer: its bits as toggle buttons (one tab stop, arrow keys
// move between bits), the decoded formula, the exact value, its error and ulp.
import { useRef, useState, type KeyboardEvent } from 'react';
import { FLOAT_FORMATS, flipBit, floatBits, type FloatFormatName } from '../torch/bits.ts';
import { type Field, fieldOf, formula } from './bit-text.ts';
import { exactDecimal, powerOfTwo } from './format.ts';

interface Props {
  readonly format: Exclude<FloatFormatName, 'float64'>;
  readonly value: number;
  /** The typed number when this value is still its rounding; null after bit flips. */
  readonly typed: number | null;
  readonly onChange: (value: number) => void;
  readonly onReset: () => void;
}

export function BitRow({ format, value, typed, onChange, onReset }: Props) {
  const f = FLOAT_FORMATS[format];
  const v = floatBits(value, format);
  const fromTyped = typed === null ? null : floatBits(typed, format);
  const [focus, setFocus] = useState(0);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const move = (to: number) => {
    const i = Math.max(0, Math.min(f.width - 1, to));
    setFocus(i);
    buttons.current[i]?.focus();
  };
  const onKey = (e: KeyboardEvent) => {
    const keys: Record<string, number> = { ArrowLeft: focus - 1, ArrowRight: focus + 1, Home: 0, End: f.width - 1 };
    const to = keys[e.key];
    if (to === undefined) return;
    e.preventDefault();
    move(to);
  };
  const bit = (position: number) => {
    const index = f.width - 1 - position;
    const field = fieldOf(position, f.exponentBits);
    const on = v.bits[position] === '1';
    return (
      <button
        key={position}
        type="button"
        ref={(el) => {
          buttons.current[position] = el;
        }}
        className={`qfig-bit qfig-${field}`}
        tabIndex={position === focus ? 0 : -1}
        aria-pressed={on}
        aria-label={`${format} bit ${index} (${field})`}
        title={`bit ${index} (${field}) — click to flip`}
        onFocus={() => setFocus(position)}
        onClick={() => onChange(Number(flipBit(value, format, index)))}
      >
        {on ? '1' : '0'}
      </button>
    );
  };
  const group = (field: Field, from: number, to: number, label: string) => (
    <span className={`qfig-field qfig-field-${field}`}>
      <span className="qfig-field-label">{label}</span>
      <span className="qfig-field-bits">{Array.from({ length: to - from }, (_, k) => bit(from + k))}</span>
    </span>
  );
  const ulp = powerOfTwo(v.ulp);
  return (
    <section className="qfig-bitrow" data-format={format} aria-label={format}>
      <h3>
        {format}{' '}
        <span className="qfig-muted">
          (1 sign + {f.exponentBits} exponent + {f.mantissaBits} mantissa bits, bias {f.bias})
        </span>
      </h3>
      <div
        className="qfig-bits"
        role="group"
        aria-label={`${format} bits, most significant first; arrow keys move, Enter or Space flips`}
        onKeyDown={onKey}
      >
        {group('sign', 0, 1, 'S')}
        {group('exponent', 1, 1 + f.exponentBits, `exponent (${f.exponentBits})`)}
        {group('mantissa', 1 + f.exponentBits, f.width, `mantissa (${f.mantissaBits})`)}
      </div>
      <dl className="qfig-facts">
        <dt>value</dt>
        <dd className="qfig-value qfig-mono">
          {exactDecimal(v.value)} <span className="qfig-muted">({v.kind})</span>
          {v.kind === 'nan' && (
            <span className="qfig-note">
              Every NaN is shown as the one quiet NaN torch conversions produce; payload and sign bits are not kept.
            </span>
          )}
        </dd>
        <dt>decoded</dt>
        <dd className="qfig-formula qfig-mono">{formula(v)}</dd>
        <dt>ulp here</dt>
        <dd className="qfig-ulp qfig-mono">{Number.isNaN(v.ulp) ? '—' : `${exactDecimal(v.ulp)}${ulp === null ? '' : ` = ${ulp}`}`}</dd>
        <dt>error vs typed</dt>
        <dd className="qfig-error qfig-mono">
          {fromTyped === null ? (
            <>
              changed by bit flips{' '}
              <button type="button" onClick={onReset}>
                Back to the typed value
              </button>
            </>
          ) : Number.isNaN(fromTyped.error) ? (
            '— (not a finite number)'
          ) : (
            exactDecimal(fromTyped.error)
          )}
          {fromTyped?.doubleRounded === true && (
            <span className="qfig-note">
              {' '}
              PyTorch rounds through float32 first; one rounding would give {exactDecimal(fromTyped.nearest)}.
            </span>
          )}
        </dd>
      </dl>
    </section>
  );
}
