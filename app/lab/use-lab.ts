// Wires the plain-TS pieces to React: the lab worker (a LabClient), the reducer, and the
// actions components call. Every worker error lands in state as a message.
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { LabCancelled, LabClient } from './lab-client.ts';
import { initialLabState, labReducer } from './lab-state.ts';
import type { LabImage } from './protocol.ts';
import { configOf, variantSpecs, type VariantKey } from './variants.ts';

const messageOf = (e: unknown): string =>
  e instanceof Error ? (e.name === 'Error' || e.name === 'LabCancelled' ? e.message : `${e.name}: ${e.message}`) : String(e);

export function useLab(initialModel: string) {
  const [state, dispatch] = useReducer(labReducer, initialModel, initialLabState);
  // The worker lives as long as the effect, not the component: the effect creates it and its
  // cleanup disposes it. React runs the cleanup and the effect again while the component stays
  // (StrictMode does once in development, Fast Refresh on every edit); a worker made once per
  // component was then disposed under the page, and Load model waited for it for 90 s.
  const clientRef = useRef<LabClient | null>(null);
  useEffect(() => {
    const client = new LabClient();
    clientRef.current = client;
    // A new worker holds nothing: what an earlier one loaded or was doing is gone.
    dispatch({ type: 'worker-started' });
    const stop = client.onRestart((message) => dispatch({ type: 'worker-restarted', message }));
    const stopReady = client.onReady((status) => dispatch({ type: 'webgpu-status', status }));
    return () => {
      stop();
      stopReady();
      client.dispose();
      if (clientRef.current === client) clientRef.current = null;
    };
  }, []);
  /** The current worker; actions run only from events, after the effect (never during render). */
  const lab = useCallback((): LabClient => {
    const client = clientRef.current;
    if (client === null) throw new Error('The lab worker is not running (the lab was closed)');
    return client;
  }, []);

  const loadShipped = useCallback(
    async (model: string) => {
      dispatch({ type: 'load-start' });
      try {
        const info = await lab().load(
          { kind: 'shipped', model },
          { onProgress: (label, done, total) => dispatch({ type: 'load-progress', progress: { label, done, total } }) },
        );
        dispatch({ type: 'load-done', info });
      } catch (e) {
        if (!(e instanceof LabCancelled)) dispatch({ type: 'load-error', message: messageOf(e) });
      }
    },
    [lab],
  );

  const loadFile = useCallback(
    async (file: File) => {
      dispatch({ type: 'pick-model', id: `file:${file.name}` });
      dispatch({ type: 'load-start' });
      try {
        const info = await lab().load({ kind: 'file', name: file.name, bytes: await file.arrayBuffer() });
        dispatch({ type: 'load-done', info });
      } catch (e) {
        dispatch({ type: 'load-error', message: messageOf(e) });
      }
    },
    [lab],
  );

  const info = state.model.status === 'done' ? state.model.value : null;
  const recommended = info?.recommended;

  const run = useCallback(
    async (input: LabImage | null, inputLabel: string) => {
      if (recommended === undefined) return;
      dispatch({ type: 'run-start', input: inputLabel });
      try {
        await lab().run(
          {
            variants: variantSpecs(new Set(state.selected), recommended, state.custom),
            input,
            repeats: state.repeats,
            samples: state.includeSamples,
            backend: state.backend,
          },
          {
            onProgress: (label, done, total) => dispatch({ type: 'run-progress', progress: { label, done, total } }),
            onVariant: (outcome) => dispatch({ type: 'run-variant', outcome }),
          },
        );
        dispatch({ type: 'run-done' });
      } catch (e) {
        if (!(e instanceof LabCancelled)) dispatch({ type: 'run-error', message: messageOf(e) });
      }
    },
    [lab, recommended, state.selected, state.custom, state.repeats, state.includeSamples, state.backend],
  );

  /** The chosen tensor and variant, or the ones given (a row of the layer table). */
  const showHistogram = useCallback(
    async (pick?: { tensor: string; variant: VariantKey }) => {
      const tensor = pick?.tensor ?? state.histogram.tensor;
      const variant = pick?.variant ?? state.histogram.variant;
      if (recommended === undefined || tensor === '') return;
      if (pick !== undefined) dispatch({ type: 'histogram-pick', tensor, variant });
      dispatch({ type: 'histogram-start' });
      try {
        dispatch({
          type: 'histogram-done',
          report: await lab().histogram({ tensor, config: configOf(variant, recommended, state.custom), bins: 96 }),
        });
      } catch (e) {
        dispatch({ type: 'histogram-error', message: messageOf(e) });
      }
    },
    [lab, recommended, state.histogram.tensor, state.histogram.variant, state.custom],
  );

  const showLayerErrors = useCallback(async () => {
    if (recommended === undefined) return;
    dispatch({ type: 'layers-start' });
    try {
      dispatch({ type: 'layers-done', errors: await lab().layerErrors(configOf(state.layers.variant, recommended, state.custom)) });
    } catch (e) {
      dispatch({ type: 'layers-error', message: messageOf(e) });
    }
  }, [lab, recommended, state.layers.variant, state.custom]);

  const cancel = useCallback(() => clientRef.current?.cancel(), []);
  const actions = useMemo(
    () => ({ loadShipped, loadFile, run, showHistogram, showLayerErrors, cancel }),
    [loadShipped, loadFile, run, showHistogram, showLayerErrors, cancel],
  );
  return { state, dispatch, info, actions };
}
