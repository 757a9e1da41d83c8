// Building blocks every figure uses: the <figure> frame with its caption, a labelled slider,
// a labelled choice (radio group), the aria-live summary line, and a host for Observable Plot.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import * as Plot from '@observablehq/plot';
import type { FigureState } from './figure-state.ts';
import './figures.css';

/** Tells the host what the figure shows, after every render (a Map write; exports read it). */
export function useReportState(onState: ((state: FigureState) => void) | undefined, state: FigureState): void {
  useEffect(() => onState?.(state));
}

export function FigureFrame({
  name,
  caption,
  children,
}: {
  readonly name: string;
  readonly caption: ReactNode;
  readonly children: ReactNode;
}) {
  return (
    <figure className={`qfig qfig-${name}`}>
      {children}
      <figcaption>{caption}</figcaption>
    </figure>
  );
}

interface SliderProps {
  readonly label: string;
  readonly value: number;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly onChange: (v: number) => void;
  /** Text shown next to the slider and read by screen readers; default the value. */
  readonly valueText?: string;
}

export function Slider({ label, value, min, max, step, onChange, valueText }: SliderProps) {
  const id = useId();
  const text = valueText ?? String(value);
  return (
    <div className="qfig-slider">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="range"
        min={min}
        max={max}
        step={step}
        value={value}
        aria-valuetext={text}
        onChange={(e) => onChange(Number(e.currentTarget.value))}
      />
      {/* aria-hidden: the slider's aria-valuetext already says this; an <output> would be announced twice. */}
      <output htmlFor={id} aria-hidden="true">
        {text}
      </output>
    </div>
  );
}

interface ChoiceProps<T extends string> {
  readonly legend: string;
  readonly value: T;
  readonly options: readonly (readonly [T, string])[];
  readonly onChange: (v: T) => void;
}

export function Choice<T extends string>({ legend, value, options, onChange }: ChoiceProps<T>) {
  const name = useId();
  return (
    <fieldset className="qfig-choice">
      <legend>{legend}</legend>
      {options.map(([v, text]) => (
        <label key={v}>
          <input type="radio" name={name} value={v} checked={v === value} onChange={() => onChange(v)} /> {text}
        </label>
      ))}
    </fieldset>
  );
}

/** The key results in one sentence, announced politely when they change. */
export function Summary({ children }: { readonly children: ReactNode }) {
  return (
    <p className="qfig-summary" role="status" aria-live="polite">
      {children}
    </p>
  );
}

/** Renders an Observable Plot chart; `label` is its short text alternative (details live in the figure's text). */
export function PlotView({ options, label }: { readonly options: Plot.PlotOptions; readonly label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const host = ref.current;
    if (host === null) return;
    const chart = Plot.plot(options);
    // The host is the accessible image; Plot's per-mark aria-labels on <g> are not valid ARIA there.
    chart.setAttribute('aria-hidden', 'true');
    for (const el of chart.querySelectorAll('[aria-label]')) el.removeAttribute('aria-label');
    host.replaceChildren(chart);
    return () => chart.remove();
  }, [options]);
  return <div ref={ref} className="qfig-plot" role="img" aria-label={label} />;
}
