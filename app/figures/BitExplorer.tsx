// ```figure bit-explorer  (options: value: "1/3")
// A value's bits in float32, float16 and bfloat16; type a value, flip any bit.
import { useId, useState } from 'react';
import { floatBits } from '../torch/bits.ts';
import type { FigureProps } from './registry.ts';
import { BitRow } from './BitRow.tsx';
import { bitExplorerDefaults, FLOAT_FORMATS as FORMATS, nearestAll, type BitFormat as Format } from './figure-state.ts';
import { exactDecimal, parseNumber } from './format.ts';
import { FigureFrame, Summary, useReportState } from './ui.tsx';

type Values = Readonly<Record<Format, number>>;

export default function BitExplorer({ options, onState }: FigureProps) {
  const [start] = useState(() => bitExplorerDefaults(options));
  const [text, setText] = useState(start.text);
  const [typed, setTyped] = useState(start.typed);
  const [note, setNote] = useState(start.note);
  const [values, setValues] = useState<Values>(start.values);
  const [edited, setEdited] = useState<ReadonlySet<Format>>(new Set());
  useReportState(onState, { name: 'bit-explorer', text, typed, note, values, edited: FORMATS.filter((f) => edited.has(f)) });
  const inputId = useId();
  const parsed = parseNumber(text);

  const onText = (t: string) => {
    setText(t);
    const p = parseNumber(t);
    if (!p.ok) return;
    setTyped(p.value);
    setNote(p.note);
    setValues(nearestAll(p.value));
    setEdited(new Set());
  };
  const setOne = (format: Format, value: number) => {
    setValues({ ...values, [format]: value });
    setEdited(new Set([...edited, format]));
  };
  const reset = (format: Format) => {
    setValues({ ...values, [format]: floatBits(typed, format).value });
    setEdited(new Set([...edited].filter((f) => f !== format)));
  };

  return (
    <FigureFrame
      name="bit-explorer"
      caption={
        <>
          <strong>Bit explorer.</strong> One number stored as float32, float16 and bfloat16. Each bit is a button: flip it and that format's
          value changes. Value = (−1)<sup>sign</sup> × 2<sup>exponent − bias</sup> × 1.mantissa (0.mantissa and exponent 1 − bias when the
          exponent field is all zeros). Values are shown with every decimal digit.
        </>
      }
    >
      <div className="qfig-controls">
        <div className="qfig-field-input">
          <label htmlFor={inputId}>Value</label>
          <input
            id={inputId}
            className="qfig-mono"
            type="text"
            inputMode="decimal"
            spellCheck={false}
            value={text}
            aria-invalid={!parsed.ok}
            aria-describedby={`${inputId}-help`}
            onChange={(e) => onText(e.currentTarget.value)}
          />
          <span id={`${inputId}-help`} className={parsed.ok ? 'qfig-muted' : 'qfig-invalid'}>
            {parsed.ok ? 'decimals (0.1, 1e-3), a/b, inf, nan, -0' : parsed.message}
          </span>
        </div>
        <p className="qfig-typed qfig-mono">
          typed as float64: <span data-testid="typed-exact">{exactDecimal(typed)}</span>
          {note !== '' && <span className="qfig-muted"> ({note})</span>}
        </p>
      </div>
      <ul className="qfig-legend" aria-label="Legend">
        <li>
          <span className="qfig-swatch qfig-sign" aria-hidden="true">
            S
          </span>{' '}
          sign bit (solid, first)
        </li>
        <li>
          <span className="qfig-swatch qfig-exponent" aria-hidden="true">
            E
          </span>{' '}
          exponent bits (underlined)
        </li>
        <li>
          <span className="qfig-swatch qfig-mantissa" aria-hidden="true">
            M
          </span>{' '}
          mantissa bits (dotted)
        </li>
      </ul>
      {FORMATS.map((f) => (
        <BitRow
          key={f}
          format={f}
          value={values[f]}
          typed={edited.has(f) ? null : typed}
          onChange={(v) => setOne(f, v)}
          onReset={() => reset(f)}
        />
      ))}
      <Summary>{FORMATS.map((f) => `${f} = ${exactDecimal(values[f])}`).join('; ')}.</Summary>
    </FigureFrame>
  );
}
