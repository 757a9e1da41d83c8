// Wires the plain-TS pieces to React: one LabClient (worker) per mounted lab, the reducer,
// and the actions components call. Every worker error lands in state as a message.
import { useCallback, useEffect, useMemo, useReducer, useState } from 'react';
import { LabCancelled, LabClient } from './lab-client.ts';
import { initialLabState, labReducer } from './lab-state.ts';
import type { LabImage } from './protocol.ts';
import { configOf, variantSpecs, type VariantKey } from './variants.ts';

const messageOf = (e: unknown): string => (e instanceof Error ? (e.name === 'Error' || e.name === 'LabCancelled' ? e.message : `${e.name}: ${e.message}`) : String(e));

export function useLab(initialModel: string) {
  const [client] = useState(() => new LabClient());
  const [state, dispatch] = useReducer(labReducer, initialModel, initialLabState);
  useEffect(() => {
    const stop = client.onRestart((message) => dispatch({ type: 'worker-restarted', message }));
    const stopReady = client.onReady((status) => dispatch({ type: 'webgpu-status', status }));
    return () => {
      stop();
      stopReady();
      client.dispose();
    };
  }, [client]);

  const loadShipped = useCallback(async (model: string) => {
    dispatch({ type: 'load-start' });
    try {
      const info = await client.load({ kind: 'shipped', model }, { onProgress: (label, done, total) => dispatch({ type: 'load-progress', progress: { label, done, total } }) });
      dispatch({ type: 'load-done', info });
    } catch (e) {
      if (!(e instanceof LabCancelled)) dispatch({ type: 'load-error', message: messageOf(e) });
    }
  }, [client]);

  const loadFile = useCallback(async (file: File) => {
    dispatch({ type: 'pick-model', id: `file:${file.name}` });
    dispatch({ type: 'load-start' });
    try {
      const info = await client.load({ kind: 'file', name: file.name, bytes: await file.arrayBuffer() });
      dispatch({ type: 'load-done', info });
    } catch (e) {
      dispatch({ type: 'load-error', message: messageOf(e) });
    }
  }, [client]);

  const info = state.model.status === 'done' ? state.model.value : null;
  const recommended = info?.recommended;

  const run = useCallback(async (input: LabImage | null, inputLabel: string) => {
    if (recommended === undefined) return;
    dispatch({ type: 'run-start', input: inputLabel });
    try {
      await client.run(
        { variants: variantSpecs(new Set(state.selected), recommended, state.custom), input, repeats: state.repeats, samples: state.includeSamples, backend: state.backend },
        {
          onProgress: (label, done, total) => dispatch({ type: 'run-progress', progress: { label, done, total } }),
          onVariant: (outcome) => dispatch({ type: 'run-variant', outcome }),
        },
      );
      dispatch({ type: 'run-done' });
    } catch (e) {
      if (!(e instanceof LabCancelled)) dispatch({ type: 'run-error', message: messageOf(e) });
    }
  }, [client, recommended, state.selected, state.custom, state.repeats, state.includeSamples, state.backend]);

  /** The chosen tensor and variant, or the ones given (a row of the layer table). */
  const showHistogram = useCallback(async (pick?: { tensor: string; variant: VariantKey }) => {
    const tensor = pick?.tensor ?? state.histogram.tensor;
    const variant = pick?.variant ?? state.histogram.variant;
    if (recommended === undefined || tensor === '') return;
    if (pick !== undefined) dispatch({ type: 'histogram-pick', tensor, variant });
    dispatch({ type: 'histogram-start' });
    try {
      dispatch({ type: 'histogram-done', report: await client.histogram({ tensor, config: configOf(variant, recommended, state.custom), bins: 96 }) });
    } catch (e) {
      dispatch({ type: 'histogram-error', message: messageOf(e) });
    }
  }, [client, recommended, state.histogram.tensor, state.histogram.variant, state.custom]);

  const showLayerErrors = useCallback(async () => {
    if (recommended === undefined) return;
    dispatch({ type: 'layers-start' });
    try {
      dispatch({ type: 'layers-done', errors: await client.layerErrors(configOf(state.layers.variant, recommended, state.custom)) });
    } catch (e) {
      dispatch({ type: 'layers-error', message: messageOf(e) });
    }
  }, [client, recommended, state.layers.variant, state.custom]);

  const cancel = useCallback(() => client.cancel(), [client]);
  const actions = useMemo(() => ({ loadShipped, loadFile, run, showHistogram, showLayerErrors, cancel }), [loadShipped, loadFile, run, showHistogram, showLayerErrors, cancel]);
  return { state, dispatch, info, actions };
}
