// One operand of the MAC walkthrough, typed as a raw integer or as a Q value (rounded and
// saturated by the Q format itself).
import { useId, useState } from 'react';
import type { QFormat } from '../torch/fixed.ts';
import { exactDecimal, parseInteger, parseNumber } from './format.ts';

export type InputMode = 'int' | 'q7';

interface Props {
  readonly label: string;
  readonly mode: InputMode;
  readonly format: QFormat;
  readonly raw: number;
  readonly onRaw: (raw: number) => void;
}

type Reading = { readonly raw: number; readonly note: string } | { readonly error: string };

export function readInput(text: string, mode: InputMode, format: QFormat): Reading {
  if (mode === 'int') {
    const v = parseInteger(text);
    if (v === null || v < BigInt(format.rawMin) || v > BigInt(format.rawMax)) {
      return { error: `needs a whole number in [${format.rawMin}, ${format.rawMax}] (${format.storage})` };
    }
    return { raw: Number(v), note: '' };
  }
  const p = parseNumber(text);
  if (!p.ok || Number.isNaN(p.value))
    return { error: `needs a number; ${format.name} holds ${format.min} … ${format.max} in steps of 2^-${format.n}` };
  const raw = format.fromFloat(p.value);
  const exact = format.toFloat(raw);
  return { raw, note: exact === p.value ? '' : `not a ${format.name} value: stored as ${exactDecimal(exact)}` };
}

export function MacInput({ label, mode, format, raw, onRaw }: Props) {
  const id = useId();
  const [text, setText] = useState(mode === 'int' ? String(raw) : exactDecimal(format.toFloat(raw)));
  const reading = readInput(text, mode, format);
  const kind = mode === 'int' ? format.storage : format.name;
  const onChange = (t: string) => {
    setText(t);
    const r = readInput(t, mode, format);
    if ('raw' in r) onRaw(r.raw);
  };
  return (
    <div className="qfig-field-input">
      <label htmlFor={id}>
        {label} ({kind})
      </label>
      <input
        id={id}
        className="qfig-mono"
        type="number"
        value={text}
        aria-invalid={'error' in reading}
        aria-describedby={`${id}-h`}
        step={mode === 'int' ? 1 : format.resolution}
        min={mode === 'int' ? format.rawMin : format.min}
        max={mode === 'int' ? format.rawMax : format.max}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
      <span id={`${id}-h`} className={'error' in reading ? 'qfig-invalid' : 'qfig-muted'}>
        {'error' in reading
          ? reading.error
          : mode === 'int'
            ? `= ${exactDecimal(format.toFloat(raw))} as ${format.name}`
            : `integer ${raw}${reading.note === '' ? '' : ` (${reading.note})`}`}
      </span>
    </div>
  );
}
