// Which variants to run: the presets as checkboxes, and the custom mix (a default format and
// any layer overridden: "keep a sensitive layer in fp32 and quantize the rest").
import { useId, useState, type Dispatch } from 'react';
import type { LabAction, LabState } from './lab-state.ts';
import type { ModelInfo } from './protocol.ts';
import { FORMAT_CHOICES, FORMAT_LABELS, PRESETS, VARIANT_LABELS, isFormatChoice, type FormatChoice } from './variants.ts';

interface Props {
  readonly state: LabState;
  readonly info: ModelInfo;
  readonly dispatch: Dispatch<LabAction>;
}

function FormatSelect({
  value,
  onChange,
  label,
}: {
  readonly value: FormatChoice;
  readonly onChange: (f: FormatChoice) => void;
  readonly label: string;
}) {
  return (
    <select aria-label={label} value={value} onChange={(e) => isFormatChoice(e.target.value) && onChange(e.target.value)}>
      {FORMAT_CHOICES.map((f) => (
        <option key={f} value={f}>
          {FORMAT_LABELS[f]}
        </option>
      ))}
    </select>
  );
}

export function VariantPicker({ state, info, dispatch }: Props) {
  const listId = useId();
  const [layer, setLayer] = useState('');
  const [format, setFormat] = useState<FormatChoice>('fp32');
  const mixKeeps = Object.keys(info.recommended.layers ?? {});
  const add = () => {
    dispatch({ type: 'custom-add', layer, format });
    setLayer('');
  };
  return (
    <section className="lab-section" aria-labelledby="lab-variants-h">
      <h2 id="lab-variants-h">2. Variants</h2>
      <fieldset className="lab-checks">
        <legend>Formats to compare (weights; fp32 is the reference and always runs)</legend>
        {PRESETS.map((k) => (
          <label key={k}>
            <input
              type="checkbox"
              checked={k === 'fp32' || state.selected.includes(k)}
              disabled={k === 'fp32'}
              onChange={(e) => dispatch({ type: 'toggle-variant', key: k, on: e.target.checked })}
            />
            {VARIANT_LABELS[k]}
            {k === 'mix' && (
              <span className="lab-hint">
                {' '}
                (dynamic int8 MatMul, int8 per-channel Conv{mixKeeps.length > 0 ? `, ${mixKeeps.join(', ')} in fp32` : ''})
              </span>
            )}
          </label>
        ))}
        <label>
          <input
            type="checkbox"
            checked={state.selected.includes('custom')}
            onChange={(e) => dispatch({ type: 'toggle-variant', key: 'custom', on: e.target.checked })}
          />
          {VARIANT_LABELS.custom}
        </label>
      </fieldset>
      <fieldset className="lab-custom">
        <legend>Custom mix: any format per layer</legend>
        <label>
          Every other weight:{' '}
          <FormatSelect
            label="Custom mix default format"
            value={state.custom.base}
            onChange={(f) => dispatch({ type: 'custom-base', format: f })}
          />
        </label>
        {state.custom.layers.length > 0 && (
          <ul className="lab-overrides">
            {state.custom.layers.map((l, i) => (
              <li key={l.layer}>
                <code>{l.layer}</code>
                <FormatSelect
                  label={`Format of ${l.layer}`}
                  value={l.format}
                  onChange={(f) => dispatch({ type: 'custom-set', index: i, format: f })}
                />
                <button
                  type="button"
                  onClick={() => dispatch({ type: 'custom-remove', index: i })}
                  aria-label={`Remove ${l.layer} from the custom mix`}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="lab-row">
          <label>
            Layer{' '}
            <input
              list={listId}
              value={layer}
              onChange={(e) => setLayer(e.target.value)}
              placeholder="e.g. conv2d_162.w_0"
              size={28}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  add();
                }
              }}
            />
          </label>
          <datalist id={listId}>
            {info.weights.map((w) => (
              <option key={w.name} value={w.name}>{`[${w.shape.join(', ')}] ${w.ops.join(', ')}`}</option>
            ))}
          </datalist>
          <FormatSelect label="Format for this layer" value={format} onChange={setFormat} />
          <button type="button" onClick={add} disabled={layer.trim() === ''}>
            Add layer
          </button>
        </div>
        <p className="lab-hint">Tip: compute the per-layer error below, then “Keep in fp32” the layers with the lowest SNR.</p>
      </fieldset>
    </section>
  );
}
