// The model lab page: load a model, pick variants and an input, run them in the lab worker,
// compare sizes, speed and text, and look inside the weights. State and worker are in
// use-lab.ts / use-input.ts; this component only lays the panels out.
import { useEffect } from 'react';
import { installBenchHook } from './bench-hook.ts';
import { HistogramPanel } from './HistogramPanel.tsx';
import { InputPanel } from './InputPanel.tsx';
import { LayerErrorsPanel } from './LayerErrorsPanel.tsx';
import { ModelPanel, TINY_BLIP_ID } from './ModelPanel.tsx';
import { CaptionPanel } from './CaptionPanel.tsx';
import { HubPanel } from './HubPanel.tsx';
import { useCaptions } from './use-captions.ts';
import { RunPanel } from './RunPanel.tsx';
import { useInput } from './use-input.ts';
import { useLab } from './use-lab.ts';
import { VariantPicker } from './VariantPicker.tsx';
import { DownloadedModels } from './DownloadedModels.tsx';

export default function ModelLab({ initialModel }: { readonly initialModel: string }) {
  const { state, dispatch, info, actions } = useLab(initialModel);
  const input = useInput();
  const captions = useCaptions();
  const captioner = state.modelId === TINY_BLIP_ID;
  useEffect(() => installBenchHook(), []);
  useEffect(() => {
    document.title = 'Model lab · Quantization Lab';
  }, []);
  const current = input.current;
  const busy =
    state.model.status === 'busy' ||
    state.run.status === 'busy' ||
    state.histogram.task.status === 'busy' ||
    state.layers.task.status === 'busy';
  const blocked =
    info === null
      ? 'Load a model first.'
      : info.notRunnable !== null
        ? 'This model cannot run here (see above).'
        : 'error' in current && !state.includeSamples
          ? current.error
          : null;
  const onRun = () => {
    if ('error' in current) void actions.run(null, '');
    else void actions.run({ data: current.image.data, width: current.image.width, height: current.image.height }, current.label);
  };
  return (
    <main className="lab" aria-labelledby="lab-title">
      <h1 id="lab-title">Model lab</h1>
      <p className="lab-intro">
        Shrink a real model and see what it costs: file size, memory, speed and the text it reads or the caption it writes. Everything runs
        in a worker in this tab; nothing leaves your machine.
      </p>
      {state.notice !== null && (
        <p className="lab-notice" role="status">
          {state.notice}{' '}
          <button type="button" onClick={() => dispatch({ type: 'dismiss-notice' })}>
            Dismiss
          </button>
        </p>
      )}
      <ModelPanel
        state={state}
        dispatch={dispatch}
        onLoad={(id) => void (id === TINY_BLIP_ID ? captions.actions.loadTiny() : actions.loadShipped(id))}
        onFile={(f) => void actions.loadFile(f)}
      />
      {(captioner || captions.state.models.length > 0) && (
        <CaptionPanel
          state={captions.state}
          dispatch={captions.dispatch}
          onRun={() => void captions.actions.run()}
          onCancel={() => void captions.actions.cancel()}
        />
      )}
      {!captioner && info !== null && (
        <>
          <VariantPicker state={state} info={info} dispatch={dispatch} />
          <InputPanel input={input} />
          <RunPanel state={state} dispatch={dispatch} blocked={blocked} busy={busy} onRun={onRun} onCancel={actions.cancel} />
          <HistogramPanel state={state} info={info} dispatch={dispatch} onShow={() => void actions.showHistogram()} />
          <LayerErrorsPanel
            state={state}
            dispatch={dispatch}
            onCompute={() => void actions.showLayerErrors()}
            onHistogram={(tensor, variant) => {
              void actions.showHistogram({ tensor, variant });
              document.getElementById('lab-hist-h')?.scrollIntoView();
            }}
          />
        </>
      )}
      <HubPanel
        state={captions.state}
        dispatch={captions.dispatch}
        onLoad={(source) => void captions.actions.loadHub(source)}
        onCancel={() => void captions.actions.cancel()}
      />
      <DownloadedModels version={captions.storeVersion} />
    </main>
  );
}
