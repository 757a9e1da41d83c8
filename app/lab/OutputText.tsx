// A recognized line: each character shaded by the model's confidence (tooltip gives the
// number), differences from fp32 marked, and one sentence for screen readers instead.
import type { CSSProperties } from 'react';
import { describeOutput, pct, type DiffChar } from './diff.ts';

function title(c: DiffChar): string {
  const conf = c.confidence === null ? '' : ` ${pct(c.confidence)}`;
  if (c.kind === 'changed') return `“${c.char}”${conf}, fp32 read “${c.was ?? ''}”`;
  if (c.kind === 'added') return `“${c.char}”${conf}, not in fp32's text`;
  if (c.kind === 'missing') return `“${c.char}” in fp32's text, missing here`;
  return `“${c.char}”${conf}`;
}

/** Lower confidence, darker background (lab.css reads --conf). */
const shade = (c: DiffChar): CSSProperties & Record<'--conf', string> => ({ '--conf': String(c.confidence ?? 1) });

export function OutputText({ text, diff }: { readonly text: string; readonly diff: readonly DiffChar[] }) {
  return (
    <span className="lab-out">
      <span aria-hidden="true" className="lab-out-chars">
        {text === '' && diff.every((c) => c.kind === 'missing') && <span className="lab-out-empty">(nothing) </span>}
        {diff.map((c, i) => (
          <span key={i} className={`lab-ch lab-ch-${c.kind}`} title={title(c)} style={shade(c)}>
            {c.char === ' ' ? '\u00a0' : c.char}
          </span>
        ))}
      </span>
      <span className="visually-hidden">{describeOutput(text, diff)}</span>
    </span>
  );
}
