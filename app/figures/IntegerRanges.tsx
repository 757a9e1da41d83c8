// ```figure integer-ranges  (options: value: 300)
// The ranges of uint8 … int64 on one symmetric-log axis, bounds exact (int64 via bigint),
// plus "which of these can hold my number?".
import { useId, useMemo, useState } from 'react';
import * as Plot from '@observablehq/plot';
import type { FigureProps } from './registry.ts';
import { RANGES, TICKS, X_DOMAIN, fits, tickText } from './integer-ranges.ts';
import { parseInteger, stringOption } from './format.ts';
import { FigureFrame, PlotView, Summary, useReportState } from './ui.tsx';

export default function IntegerRanges({ options, onState }: FigureProps) {
  const [text, setText] = useState(stringOption(options, 'value', '300'));
  useReportState(onState, { name: 'integer-ranges', text });
  const id = useId();
  const value = parseInteger(text);
  const plot = useMemo<Plot.PlotOptions>(() => {
    const rows = RANGES.map((r) => ({ ...r, lo: Number(r.min), hi: Number(r.max), minText: String(r.min), maxText: String(r.max) }));
    return {
      width: 720,
      height: 300,
      marginLeft: 60,
      marginRight: 20,
      marginBottom: 40,
      x: { type: 'symlog', domain: [...X_DOMAIN], ticks: TICKS, tickFormat: tickText, label: 'value (symmetric log scale)', grid: true },
      y: { domain: rows.map((r) => r.dtype), label: null, padding: 0.45 },
      marks: [
        Plot.ruleX([0], { className: 'qfig-plot-zero' }),
        Plot.barX(rows, { x1: 'lo', x2: 'hi', y: 'dtype', className: 'qfig-plot-bar' }),
        Plot.text(rows, { x: 'lo', y: 'dtype', text: 'minText', textAnchor: 'start', dy: 16, className: 'qfig-plot-label' }),
        Plot.text(rows, { x: 'hi', y: 'dtype', text: 'maxText', textAnchor: 'end', dy: -16, className: 'qfig-plot-label' }),
        ...(value === null ? [] : [Plot.ruleX([Number(value)], { className: 'qfig-plot-marker', strokeWidth: 2 })]),
      ],
    };
  }, [value]);
  const holders = value === null ? [] : RANGES.filter((r) => fits(r, value)).map((r) => r.dtype);

  return (
    <FigureFrame
      name="integer-ranges"
      caption={
        <>
          <strong>Integer ranges.</strong> Each bar spans a dtype's smallest to largest value (from <code>torch.iinfo</code>) on a
          symmetric-log axis: linear near 0, logarithmic beyond, so uint8's 0…255 and int64's ±9.2·10¹⁸ fit on one line. Every extra bit
          doubles the range.
        </>
      }
    >
      <PlotView
        options={plot}
        label="Horizontal bars for uint8, int8, int16, int32 and int64 ranges on a symmetric log axis; exact bounds are in the table below."
      />
      <table className="qfig-table">
        <caption className="visually-hidden">Exact integer ranges</caption>
        <thead>
          <tr>
            <th scope="col">dtype</th>
            <th scope="col">bits</th>
            <th scope="col">min</th>
            <th scope="col">max</th>
            {value !== null && <th scope="col">holds {String(value)}?</th>}
          </tr>
        </thead>
        <tbody>
          {RANGES.map((r) => (
            <tr key={r.dtype} data-dtype={r.dtype}>
              <th scope="row">{r.dtype}</th>
              <td>{r.bits}</td>
              <td className="qfig-mono">{String(r.min)}</td>
              <td className="qfig-mono">{String(r.max)}</td>
              {value !== null && <td>{fits(r, value) ? 'yes' : 'no'}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="qfig-controls">
        <div className="qfig-field-input">
          <label htmlFor={id}>Does it fit? Whole number</label>
          <input
            id={id}
            className="qfig-mono"
            type="text"
            inputMode="numeric"
            spellCheck={false}
            value={text}
            aria-invalid={value === null}
            onChange={(e) => setText(e.currentTarget.value)}
          />
        </div>
      </div>
      <Summary>
        {value === null
          ? 'Type a whole number such as 300 or -9223372036854775808.'
          : holders.length === 0
            ? `${String(value)} fits none of these dtypes.`
            : `${String(value)} fits in ${holders.join(', ')}.`}
      </Summary>
    </FigureFrame>
  );
}
