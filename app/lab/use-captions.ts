// Wires captioning (caption-state.ts) to React and to a lab worker of its own (a LabClient, made
// on first use so a lab page that never captions starts no second worker). Cancel stops that
// worker (the only way to stop a download or a session mid-way), removes what the cancelled
// load had already stored (its small files; the cut-off weights file never is), and loads the
// models the worker held again.
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { absoluteUrl as resolveUrl, listStored, removeStored } from '../models/model-cache.ts';

// The lab runs in the page: a relative Hub endpoint means this page's site.
const absoluteUrl = (url: string): string => resolveUrl(url, location.href);
import { DEFAULT_ENDPOINT, resolveSource } from '../models/hub/hub-source.ts';
import type { CaptionModelSource } from './caption-protocol.ts';
import { captionInput, captionReducer, initialCaptionState, type LoadedCaptioner } from './caption-state.ts';
import { LabCancelled, LabClient } from './lab-client.ts';

const messageOf = (e: unknown): string =>
  e instanceof Error ? (e.name === 'Error' || e.name === 'LabCancelled' ? e.message : `${e.name}: ${e.message}`) : String(e);

/** The folder a Hub source's files are stored under (the model cache's URLs), or null for picked files (never stored). */
function storedPrefix(source: CaptionModelSource): string | null {
  if (source.kind !== 'hub') return null;
  try {
    return absoluteUrl(resolveSource(source.repo, { endpoint: source.endpoint, revision: source.revision }, absoluteUrl).fileUrl(''));
  } catch {
    return null; // a bad repo id or endpoint: the worker says what is wrong, and nothing was fetched
  }
}

const sourceLabel = (source: CaptionModelSource): string =>
  source.kind === 'tiny'
    ? 'the tiny BLIP'
    : source.kind === 'hub'
      ? source.repo
      : `${source.files.length} picked file${source.files.length === 1 ? '' : 's'}`;

export function useCaptions() {
  const [state, dispatch] = useReducer(captionReducer, DEFAULT_ENDPOINT, initialCaptionState);
  /** Bumped whenever the model cache may have changed (Downloaded models re-reads it). */
  const [storeVersion, setStoreVersion] = useState(0);
  const clientRef = useRef<LabClient | null>(null);
  const models = useRef<readonly LoadedCaptioner[]>([]);
  const loading = useRef<{ source: CaptionModelSource; before: ReadonlySet<string> } | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    models.current = state.models;
  });

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      clientRef.current?.dispose();
      clientRef.current = null;
    };
  }, []);

  const ensureSamples = useCallback(async (client: LabClient) => {
    try {
      dispatch({ type: 'samples', samples: await client.captionSamples() });
    } catch {
      // The samples are a convenience; a picture of one's own still works.
    }
  }, []);

  const load = useCallback(
    async (client: LabClient, source: CaptionModelSource) => {
      const info = await client.captionLoad(source, {
        onProgress: (label, done, total) =>
          source.kind !== 'tiny' && dispatch({ type: 'hub-progress', label, done, total, now: performance.now() }),
      });
      dispatch({ type: 'loaded', info, source });
      void ensureSamples(client);
    },
    [ensureSamples],
  );

  /** The client, made on first use; after a restart it loads again what the old worker held. */
  const client = useCallback((): LabClient => {
    if (!mounted.current) throw new Error('The lab was closed');
    if (clientRef.current !== null) return clientRef.current;
    const made = new LabClient();
    clientRef.current = made;
    made.onRestart((message) => {
      const held = models.current.map((m) => m.source);
      dispatch({ type: 'worker-restarted', message });
      for (const source of held) {
        if (source.kind === 'tiny') dispatch({ type: 'tiny-start' });
        load(made, source).catch(
          (e: unknown) => source.kind === 'tiny' && !(e instanceof LabCancelled) && dispatch({ type: 'tiny-error', message: messageOf(e) }),
        );
      }
    });
    return made;
  }, [load]);

  const loadTiny = useCallback(async () => {
    dispatch({ type: 'tiny-start' });
    try {
      await load(client(), { kind: 'tiny' });
    } catch (e) {
      if (!(e instanceof LabCancelled)) dispatch({ type: 'tiny-error', message: messageOf(e) });
    }
  }, [client, load]);

  const loadHub = useCallback(
    async (source: Exclude<CaptionModelSource, { kind: 'tiny' }>) => {
      if (state.hub.status === 'busy') return;
      dispatch({ type: 'hub-start', what: sourceLabel(source), now: performance.now() });
      const before = new Set((await listStored().catch(() => [])).map((f) => f.url));
      const mine = { source, before };
      loading.current = mine;
      try {
        await load(client(), source);
      } catch (e) {
        if (!(e instanceof LabCancelled)) dispatch({ type: 'hub-error', message: messageOf(e) });
      } finally {
        if (loading.current === mine) loading.current = null;
        setStoreVersion((v) => v + 1);
      }
    },
    [client, load, state.hub.status],
  );

  const cancel = useCallback(async () => {
    const current = clientRef.current;
    if (current === null) return;
    const cancelled = loading.current;
    loading.current = null;
    current.cancel(); // the worker is terminated: its download stops, the weights file is never stored
    if (cancelled === null) return;
    const prefix = storedPrefix(cancelled.source);
    let removed = 0;
    if (prefix !== null)
      for (const f of await listStored().catch(() => []))
        if (f.url.startsWith(prefix) && !cancelled.before.has(f.url)) removed += await removeStored(f.url).catch(() => 0);
    dispatch({
      type: 'hub-error',
      message: `Cancelled: the download of ${sourceLabel(cancelled.source)} was stopped; nothing of it was kept${removed > 0 ? ` (${removed} small file${removed === 1 ? '' : 's'} it had already stored removed)` : ''}.`,
    });
    setStoreVersion((v) => v + 1);
  }, []);

  const run = useCallback(async () => {
    const picture = state.picture;
    if (picture === null) return;
    dispatch({ type: 'run-start' });
    try {
      await client().captionRun(
        { models: state.models.map((m) => ({ key: m.info.key, variants: m.selected })), input: captionInput(picture) },
        { onCaptionRow: (row) => dispatch({ type: 'run-row', row }) },
      );
      dispatch({ type: 'run-done' });
    } catch (e) {
      if (!(e instanceof LabCancelled)) dispatch({ type: 'run-error', message: messageOf(e) });
    }
  }, [client, state.picture, state.models]);

  const actions = useMemo(() => ({ loadTiny, loadHub, cancel, run }), [loadTiny, loadHub, cancel, run]);
  return { state, dispatch, actions, storeVersion };
}
