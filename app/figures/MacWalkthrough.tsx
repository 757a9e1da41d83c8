// ```figure mac-walkthrough  (options: a: -50, b: 30, acc: 500 — raw integers)
// acc += A × B twice over the same bits: int8 with an int16 accumulator (overflow wraps) and
// Q7 with a Q8.7 accumulator (>> 7, saturation). Every step comes from fixed.mac.
import { useState } from 'react';
import { Q7, fromTwosComplement, type MacTrace } from '../torch/fixed.ts';
import type { FigureProps } from './registry.ts';
import { exactDecimal } from './format.ts';
import { macDefaults } from './figure-state.ts';
import { Q8_7, macPaths, noOverflowText, overflowNotes } from './mac.ts';
import { MacInput, type InputMode } from './MacInput.tsx';
import { Choice, FigureFrame, Summary, useReportState } from './ui.tsx';

const PRESETS = [
  { name: 'Chapter example', a: -50, b: 30, acc: 500 },
  { name: 'Accumulator overflow', a: 127, b: 127, acc: 32700 },
  { name: '−1 × −1 (Q7 product saturates)', a: -128, b: -128, acc: 0 },
] as const;

// The chapter's printed bits for its example, two of which are slips (the core's tests say so too).
const CHAPTER = PRESETS[0];
const CHAPTER_INT_BITS = '11111100 00001000';
const CHAPTER_Q7_BITS = '00000011 11101000';

function Erratum({ trace }: { readonly trace: MacTrace }) {
  const printed = trace.kind === 'int' ? CHAPTER_INT_BITS : CHAPTER_Q7_BITS;
  if (printed === trace.accAfter.bits) return null;
  const raw = fromTwosComplement(printed);
  const what = trace.kind === 'int' ? `${raw}` : `integer ${raw}, i.e. ${exactDecimal(Q8_7.toFloat(raw))}`;
  return (
    <p className="qfig-note" role="note">
      The chapter prints {printed} here, which is {what}; {exactDecimal(trace.accAfter.value)} is {trace.accAfter.bits}.
    </p>
  );
}

function Steps({ trace, title }: { readonly trace: MacTrace; readonly title: string }) {
  const last = trace.steps.length - 1;
  return (
    <table className="qfig-table qfig-steps" data-path={trace.kind}>
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">step</th>
          <th scope="col">bits</th>
          <th scope="col">integer</th>
          <th scope="col">value</th>
          <th scope="col">note</th>
        </tr>
      </thead>
      <tbody>
        {trace.steps.map((s, i) => (
          <tr key={s.step} data-step={s.step} className={i === last && trace.overflow ? 'qfig-overflow' : undefined}>
            <th scope="row">{s.step}</th>
            <td className="qfig-mono qfig-nowrap">{s.bits}</td>
            <td className="qfig-mono">{s.raw}</td>
            <td className="qfig-mono">{exactDecimal(s.value)}</td>
            <td>{s.note}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Overflow({ trace, other }: { readonly trace: MacTrace; readonly other: MacTrace }) {
  const notes = overflowNotes(trace, other);
  if (notes.length === 0) return <p className="qfig-ok">{noOverflowText(trace)}</p>;
  return (
    <>
      {notes.map((n) => (
        <p key={n} className="qfig-warn" role="note">
          <strong>⚠ </strong>
          {n}
        </p>
      ))}
    </>
  );
}

export default function MacWalkthrough({ options, onState }: FigureProps) {
  const [mode, setMode] = useState<InputMode>('int');
  const [raws, setRaws] = useState(() => {
    const { a, b, acc } = macDefaults(options);
    return { a, b, acc };
  });
  useReportState(onState, { name: 'mac-walkthrough', ...raws });
  const [generation, setGeneration] = useState(0); // remounts the inputs when a preset replaces the values
  const { int: intTrace, intOther, q7: qTrace, q7Other: qOther } = macPaths(raws.a, raws.b, raws.acc);
  const isChapter = raws.a === CHAPTER.a && raws.b === CHAPTER.b && raws.acc === CHAPTER.acc;
  const set = (key: keyof typeof raws) => (raw: number) => setRaws({ ...raws, [key]: raw });

  return (
    <FigureFrame
      name="mac-walkthrough"
      caption={
        <>
          <strong>Multiply-accumulate, int8 vs Q7.</strong> The same bits, read two ways. As int8 with an int16 accumulator the product is
          added as is and an overflow wraps around (C integer semantics). As Q7 (value = integer / 2<sup>7</sup>) with a Q8.7 accumulator
          the 16-bit product has 14 fraction bits, so it is shifted right by 7 first, and overflows saturate (DSP semantics). Compare the
          two by scaling Q7 by 128.
        </>
      }
    >
      <div className="qfig-controls">
        <Choice
          legend="Enter the inputs as"
          value={mode}
          onChange={(m) => {
            setMode(m);
            setGeneration(generation + 1);
          }}
          options={[
            ['int', 'raw integers (int8 / int16)'],
            ['q7', 'Q7 / Q8.7 values'],
          ]}
        />
        <MacInput key={`a${generation}`} label="A" mode={mode} format={Q7} raw={raws.a} onRaw={set('a')} />
        <MacInput key={`b${generation}`} label="B" mode={mode} format={Q7} raw={raws.b} onRaw={set('b')} />
        <MacInput key={`acc${generation}`} label="Accumulator" mode={mode} format={Q8_7} raw={raws.acc} onRaw={set('acc')} />
        <div className="qfig-presets" role="group" aria-label="Examples">
          {PRESETS.map((p) => (
            <button
              key={p.name}
              type="button"
              onClick={() => {
                setRaws({ a: p.a, b: p.b, acc: p.acc });
                setGeneration(generation + 1);
              }}
            >
              {p.name}
            </button>
          ))}
        </div>
      </div>
      <div className="qfig-stack">
        <div>
          <Steps trace={intTrace} title="int8 × int8 → int16 accumulator" />
          <Overflow trace={intTrace} other={intOther} />
          {isChapter && <Erratum trace={intTrace} />}
        </div>
        <div>
          <Steps trace={qTrace} title="Q7 × Q7 → >> 7 → Q8.7 accumulator" />
          <Overflow trace={qTrace} other={qOther} />
          {isChapter && <Erratum trace={qTrace} />}
        </div>
      </div>
      <Summary>
        int8 path: accumulator {intTrace.accBefore.raw} → <span data-testid="int-result">{intTrace.accAfter.raw}</span> (
        <span className="qfig-mono">{intTrace.accAfter.bits}</span>){intTrace.wrapped ? ', wrapped' : ''}. Q7 path: accumulator{' '}
        {exactDecimal(qTrace.accBefore.value)} → <span data-testid="q7-result">{exactDecimal(qTrace.accAfter.value)}</span> (integer{' '}
        {qTrace.accAfter.raw}, <span className="qfig-mono">{qTrace.accAfter.bits}</span>){qTrace.saturated ? ', saturated' : ''}.
      </Summary>
    </FigureFrame>
  );
}
