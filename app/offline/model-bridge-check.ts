// Page side: the checks every model-file call from the kernel passes before
// the page does anything (the kernel runs student code; see
// app/kernel/CONTEXT.md "Threat model"). Pure, so it is tested without a browser.
//
// Which URLs are model URLs:
//   - absolute http: or https: URLs, at most MAX_URL_LENGTH characters, with
//     no user name or password and no #fragment;
//   - every call acts on the model cache (qlab-models-v1) only: the kernel
//     cannot name another cache, so the precache is out of its reach;
//   - `download` (the only call that makes the page store anything) refuses
//     the app's own files on the app's own origins (the page's and the kernel
//     frame's): anything the service worker precaches (query ignored), pages
//     and folders (`/`, `*.html`), and scripts, styles, WebAssembly and the
//     web manifest. Other same-origin URLs (a model folder the host serves,
//     e.g. /remote-models/x/) are model files like any other. What is stored
//     is what the page itself fetched from that URL, never bytes the kernel
//     made, and the service worker never serves the model cache as a page
//     resource (sw.ts), so a stored file can only ever be read as model data.
import type { ModelFilesCall } from './model-bridge.ts';

export const MAX_URL_LENGTH = 2048;
/** Calls one kernel may have waiting at once; more are refused (a loop cannot queue a million downloads). */
export const MAX_CALLS_IN_FLIGHT = 64;

const APP_FILE_PATH = /(?:\/|\.(?:html?|m?js|css|wasm|webmanifest|map))$/i;

export interface ModelUrlContext {
  /** The app's own origins: the page's, and the kernel frame's when there is one. */
  readonly appOrigins: readonly string[];
}

/** Why `url` is not a model URL the kernel may use, or null when it is. */
export function modelUrlProblem(url: string, context: ModelUrlContext, forDownload: boolean): string | null {
  if (url.length > MAX_URL_LENGTH) return `a model URL is at most ${MAX_URL_LENGTH} characters (this one has ${url.length})`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${JSON.stringify(url.slice(0, 100))} is not an absolute URL`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return `${parsed.protocol} URLs are not model URLs (only http: and https:)`;
  if (parsed.username !== '' || parsed.password !== '') return 'a model URL may not carry a user name or password';
  if (parsed.hash !== '' || url.includes('#')) return 'a model URL has no #fragment';
  if (forDownload && context.appOrigins.includes(parsed.origin) && APP_FILE_PATH.test(parsed.pathname)) {
    return `${parsed.origin}${parsed.pathname} is one of the app's own files, not a model file`;
  }
  return null;
}

export type CheckedCall =
  | { readonly ok: true; readonly call: ModelFilesCall }
  | { readonly ok: false; readonly id: number | null; readonly reason: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;

const hasExactly = (value: Record<string, unknown>, keys: readonly string[]): boolean => {
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((k) => Object.hasOwn(value, k));
};

/** Schema check of one call as it arrived (structured-cloned data of any shape). */
export function checkModelFilesCall(data: unknown, context: ModelUrlContext): CheckedCall {
  if (!isRecord(data)) return { ok: false, id: null, reason: 'a model-file call is an object' };
  const id = data['id'];
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1)
    return { ok: false, id: null, reason: 'a model-file call has a positive integer id' };
  const refuse = (reason: string): CheckedCall => ({ ok: false, id, reason });
  const op = data['op'];
  switch (op) {
    case 'list':
      return hasExactly(data, ['id', 'op']) ? { ok: true, call: { id, op } } : refuse('list takes no arguments');
    case 'read':
    case 'download':
    case 'remove': {
      if (!hasExactly(data, ['id', 'op', 'url'])) return refuse(`${op} takes exactly a url`);
      const url = data['url'];
      if (typeof url !== 'string') return refuse(`${op}: the url is a string`);
      const problem = modelUrlProblem(url, context, op === 'download');
      return problem === null ? { ok: true, call: { id, op, url } } : refuse(`${op}: ${problem}`);
    }
    default:
      return refuse(
        `unknown model-file call ${JSON.stringify(String(op)).slice(0, 40)} (the kernel may read, download, list or remove model files)`,
      );
  }
}
