// Fetches a file with progress. A response shorter than its Content-Length
// (a connection dropped halfway) is an error, never a silently short file.

export type Progress = (loaded: number, total: number | null) => void;

export class DownloadError extends Error {
  override name = 'DownloadError';
  constructor(
    message: string,
    /** The connection failed (worth one more try), as opposed to an HTTP error. */
    readonly retryable = false,
  ) {
    super(message);
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

async function fetchOnce(url: string, onProgress?: Progress, signal?: AbortSignal): Promise<Uint8Array<ArrayBuffer>> {
  let response: Response;
  try {
    response = await fetch(url, signal === undefined ? {} : { signal });
  } catch (e) {
    throw new DownloadError(`could not fetch ${url}: ${e instanceof Error ? e.message : String(e)}`, true);
  }
  if (!response.ok) throw new DownloadError(`could not fetch ${url}: HTTP ${response.status} ${response.statusText}`);
  // With Content-Encoding the header counts compressed bytes, not what we read.
  const encoded = (response.headers.get('Content-Encoding') ?? 'identity') !== 'identity';
  const header = encoded ? null : response.headers.get('Content-Length');
  const total = header === null ? null : Number(header);
  if (response.body === null) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    let step: ReadableStreamReadResult<Uint8Array>;
    try {
      step = await reader.read();
    } catch (e) {
      throw new DownloadError(`download of ${url} failed after ${loaded} bytes: ${e instanceof Error ? e.message : String(e)}`, true);
    }
    const { done, value } = step;
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    onProgress?.(loaded, total);
  }
  if (total !== null && Number.isFinite(total) && loaded !== total) {
    throw new DownloadError(`download of ${url} stopped at ${loaded} of ${total} bytes`, true);
  }
  const out = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
