// from_pretrained's `fallback` option (`{ fallback: "tiny-blip" }`): when the Hub
// (or the teacher's server) cannot be reached at all — offline, or the browser
// refused the answer (CORS) — say so in one sentence and load that shipped model
// instead, so a lesson's Hub cells still teach offline. Only "unreachable" falls
// back: a 404, a gated repo, a cut-off download or a bad checkpoint is an error
// the student must see, never papered over with another model.
import { HubError } from './errors.ts';

export interface SplitOptions {
  /** The options without `fallback`, for from_pretrained (anything not a plain object goes through as it is). */
  readonly options: unknown;
  /** The shipped model's id, or undefined when not asked for. */
  readonly fallback: string | undefined;
  readonly log: ((line: string) => void) | undefined;
}

/** A cell's `log` (print), called as a plain function whatever it is. */
function logOf(value: unknown): ((line: string) => void) | undefined {
  return typeof value === 'function' ? (line) => void Reflect.apply(value, undefined, [line]) : undefined;
}

export function splitFallback(options: unknown): SplitOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return { options, fallback: undefined, log: undefined };
  const log = logOf('log' in options ? options.log : undefined);
  if (!('fallback' in options)) return { options, fallback: undefined, log };
  const fallback = options.fallback;
  if (typeof fallback !== 'string' || fallback === '')
    throw new TypeError(`from_pretrained: fallback must name a model that ships with the app, e.g. { fallback: "tiny-blip" }, not ${JSON.stringify(fallback) ?? typeof fallback}`);
  return { options: Object.fromEntries(Object.entries(options).filter(([key]) => key !== 'fallback')), fallback, log };
}

/** The one sentence a cell prints when it falls back. */
export function fallbackSentence(e: HubError, fallback: string): string {
  let host = e.url;
  try {
    host = new URL(e.url).host;
  } catch {
    // keep the URL as it is
  }
  return `Could not reach ${host} (offline, or it does not allow this page: CORS), so this runs models.load(${JSON.stringify(fallback)}), which ships with the app, instead.`;
}

/** `load()`, or on an unreachable Hub the sentence through `log` and `loadFallback()`. */
export async function withOfflineFallback<A, B>(load: () => Promise<A>, fallback: string, loadFallback: () => Promise<B>, log: ((line: string) => void) | undefined): Promise<A | B> {
  try {
    return await load();
  } catch (e) {
    if (!(e instanceof HubError) || e.kind !== 'unreachable') throw e;
    log?.(fallbackSentence(e, fallback));
    return loadFallback();
  }
}
