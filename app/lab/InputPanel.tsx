// The input image: typed text (font, size, noise, blur), a sample crop, or the student's own
// picture (file input or drop), with a preview of exactly what the model will read.
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { FONTS, type InputMode } from './input-state.ts';
import { needsBand } from './image-input.ts';
import type { InputControls } from './use-input.ts';

const MODES: readonly { readonly mode: InputMode; readonly label: string }[] = [
  { mode: 'text', label: 'Typed text' },
  { mode: 'sample', label: 'Sample crop' },
  { mode: 'file', label: 'Your image' },
];

function Preview({ image, label }: { readonly image: ImageData; readonly label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    if (c === null) return;
    c.width = image.width;
    c.height = image.height;
    c.getContext('2d')?.putImageData(image, 0, 0);
  }, [image]);
  return <canvas ref={ref} className="lab-preview" role="img" aria-label={`Input image: ${label}, ${image.width}×${image.height} px`} />;
}

export function InputPanel({ input }: { readonly input: InputControls }) {
  const { settings: s, update, samples, current } = input;
  const [dragging, setDragging] = useState(false);
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    // Ours, not the page-wide lesson Import drop target (app/export) that listens on window.
    e.preventDefault();
    e.stopPropagation();
    setDragging(false);
    const f = e.dataTransfer.files[0];
    if (f !== undefined) void input.pick(f);
  };
  return (
    <section className="lab-section" aria-labelledby="lab-input-h">
      <h2 id="lab-input-h">3. Input</h2>
      <fieldset className="lab-modes">
        <legend>Image to read</legend>
        {MODES.map((m) => (
          <label key={m.mode}>
            <input type="radio" name="lab-input-mode" checked={s.mode === m.mode} onChange={() => update({ mode: m.mode })} /> {m.label}
          </label>
        ))}
      </fieldset>
      {s.mode === 'text' && (
        <div className="lab-row">
          <label>
            Text <input value={s.text} maxLength={200} size={30} onChange={(e) => update({ text: e.target.value })} />
          </label>
          <label>
            Font{' '}
            <select value={s.font} onChange={(e) => update({ font: e.target.value })}>
              {FONTS.map((f) => (
                <option key={f.css} value={f.css}>
                  {f.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Size{' '}
            <input
              type="number"
              min={8}
              max={48}
              value={s.size}
              onChange={(e) => update({ size: Math.min(48, Math.max(8, Number(e.target.value) || 8)) })}
            />{' '}
            px
          </label>
          <label>
            Noise <input type="range" min={0} max={128} value={s.noise} onChange={(e) => update({ noise: Number(e.target.value) })} />{' '}
            {s.noise}
          </label>
          <label>
            Blur <input type="range" min={0} max={4} step={0.5} value={s.blur} onChange={(e) => update({ blur: Number(e.target.value) })} />{' '}
            {s.blur} px
          </label>
        </div>
      )}
      {s.mode === 'sample' && (
        <div className="lab-row">
          <label>
            Sample{' '}
            <select value={s.sample} onChange={(e) => update({ sample: Number(e.target.value) })} disabled={samples === null}>
              {(samples ?? []).map((x, i) => (
                <option key={x.file} value={i}>{`${x.file}: ${x.text}`}</option>
              ))}
            </select>
          </label>
          {input.samplesError !== null && (
            <p className="lab-error" role="alert">
              {input.samplesError}
            </p>
          )}
        </div>
      )}
      {s.mode === 'file' && (
        <div
          className={`lab-drop${dragging ? ' lab-drop-over' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            e.stopPropagation();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="lab-drop"
        >
          <label>
            Choose an image{' '}
            <input
              type="file"
              accept="image/*"
              onChange={(e) => {
                const f = e.target.files?.[0];
                if (f !== undefined) void input.pick(f);
                e.target.value = '';
              }}
            />
          </label>
          <span> or drop one here. A picture taller than a text line is cut to a horizontal band (8× wider than tall) you can move.</span>
          {input.fileError !== null && (
            <p className="lab-error" role="alert">
              {input.fileError}
            </p>
          )}
          {input.file !== null && needsBand(input.file.image) && (
            <label className="lab-band">
              Band position{' '}
              <input
                type="range"
                min={0}
                max={1}
                step={0.01}
                value={s.bandCentre}
                onChange={(e) => update({ bandCentre: Number(e.target.value) })}
              />
            </label>
          )}
        </div>
      )}
      {'error' in current ? (
        <p className="lab-hint" role="status">
          {current.error}
        </p>
      ) : (
        <Preview image={current.image} label={current.label} />
      )}
    </section>
  );
}
