// Fetches a file with progress. A response shorter than its Content-Length
// (a connection dropped halfway) is an error, never a silently short file.

export type Progress = (loaded: number, total: number | null) => void;

export class DownloadError extends Error {
  override name = 'DownloadError';
}

export async function fetchBytes(url: string, onProgress?: Progress, signal?: AbortSignal): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, signal === undefined ? {} : { signal });
  } catch (e) {
    throw new DownloadError(`could not fetch ${url}: ${e instanceof Error ? e.message : String(e)}`);
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
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    onProgress?.(loaded, total);
  }
  if (total !== null && Number.isFinite(total) && loaded !== total) {
    throw new DownloadError(`download of ${url} stopped at ${loaded} of ${total} bytes`);
  }
  const out = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
