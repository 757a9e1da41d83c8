// Fetches a file with progress. A response shorter than its Content-Length
// (a connection dropped halfway) is an error, never a silently short file.
// When the length is known the file is read straight into one buffer of that
// size (a 990 MB checkpoint is held once, not once in chunks and again joined).

export type Progress = (loaded: number, total: number | null) => void;

export class DownloadError extends Error {
  override name = 'DownloadError';
  constructor(
    message: string,
    /** The connection failed (worth one more try), as opposed to an HTTP error. */
    readonly retryable = false,
    /** The HTTP status when the server answered with an error (404, 401, …); null otherwise. */
    readonly status: number | null = null,
    /** 'unreachable': no answer at all (offline, DNS, CORS refused); 'cut-off': the body ended early. */
    readonly kind: 'http' | 'unreachable' | 'cut-off' = status === null ? 'unreachable' : 'http',
  ) {
    super(message);
  }
}

/** Python's MemoryError: a file did not fit in memory; says how much it needed. */
export class MemoryError extends Error {
  override name = 'MemoryError';
  constructor(
    message: string,
    readonly bytes: number,
  ) {
    super(message);
  }
}

/** One buffer of `bytes`, or a MemoryError naming the file and the size (the engine's RangeError says neither). */
export function allocateFor(url: string, bytes: number): Uint8Array<ArrayBuffer> {
  try {
    return new Uint8Array(bytes);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new MemoryError(`out of memory: reading ${url} needs ${(bytes / 1e6).toFixed(1)} MB in one piece and the browser could not give it (${e.message}); close other tabs, or load a smaller model`, bytes);
  }
}

/** A dropped connection is tried once more; an HTTP error or a cancel is not. */
export async function fetchBytes(url: string, onProgress?: Progress, signal?: AbortSignal): Promise<Uint8Array<ArrayBuffer>> {
  try {
    return await fetchOnce(url, onProgress, signal);
  } catch (e) {
    if (!(e instanceof DownloadError) || !e.retryable || signal?.aborted === true) throw e;
    return fetchOnce(url, onProgress, signal);
  }
}

/** A response that answered with a body to read, and its length when the server said it. */
export interface OpenedDownload {
  readonly response: Response;
  readonly total: number | null;
}

/** Fetches `url` up to its headers: an HTTP error or no answer is a DownloadError. */
export async function openDownload(url: string, signal?: AbortSignal): Promise<OpenedDownload> {
  let response: Response;
  try {
    response = await fetch(url, signal === undefined ? {} : { signal });
  } catch (e) {
    throw new DownloadError(`could not fetch ${url}: ${e instanceof Error ? e.message : String(e)}`, true);
  }
  if (!response.ok) throw new DownloadError(`could not fetch ${url}: HTTP ${response.status} ${response.statusText}`, false, response.status);
  // With Content-Encoding the header counts compressed bytes, not what we read.
  const encoded = (response.headers.get('Content-Encoding') ?? 'identity') !== 'identity';
  const header = encoded ? null : response.headers.get('Content-Length');
  return { response, total: header === null || !/^\d+$/.test(header) ? null : Number(header) };
}

/** The errors a body that ends early or runs long gives (shared with download-to-cache.ts). */
export const cutOff = {
  failed: (url: string, loaded: number, e: unknown): DownloadError =>
    new DownloadError(`download of ${url} failed after ${loaded} bytes: ${e instanceof Error ? e.message : String(e)}`, true, null, 'cut-off'),
  tooLong: (url: string, total: number): DownloadError => new DownloadError(`download of ${url} sent more than its Content-Length (${total} bytes)`, true, null, 'cut-off'),
  short: (url: string, loaded: number, total: number): DownloadError => new DownloadError(`download of ${url} stopped at ${loaded} of ${total} bytes`, true, null, 'cut-off'),
};

const fetchOnce = async (url: string, onProgress?: Progress, signal?: AbortSignal): Promise<Uint8Array<ArrayBuffer>> =>
  readDownload(url, await openDownload(url, signal), onProgress);

/** The body of an opened download, whole: one buffer when the length is known. */
export async function readDownload(url: string, { response, total }: OpenedDownload, onProgress?: Progress): Promise<Uint8Array<ArrayBuffer>> {
  if (response.body === null) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  // Known length: one buffer, filled in place. Unknown: chunks, joined at the end.
  const whole = total === null ? null : allocateFor(url, total);
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    let step: ReadableStreamReadResult<Uint8Array>;
    try {
      step = await reader.read();
    } catch (e) {
      throw cutOff.failed(url, loaded, e);
    }
    const { done, value } = step;
    if (done) break;
    if (whole !== null) {
      if (loaded + value.length > whole.length) {
        await reader.cancel();
        throw cutOff.tooLong(url, whole.length);
      }
      whole.set(value, loaded);
    } else chunks.push(value);
    loaded += value.length;
    onProgress?.(loaded, total);
  }
  if (total !== null && loaded !== total) throw cutOff.short(url, loaded, total);
  if (whole !== null) return whole;
  const out = allocateFor(url, loaded);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
