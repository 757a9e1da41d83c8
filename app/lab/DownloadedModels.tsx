// Larger optional models, downloaded on request into this browser's model
// cache (for offline use): a BLIP folder by URL, with a progress bar, and the
// list of what is kept (those folders and the Hub checkpoints from_pretrained
// stored), with sizes and Remove. Cells load such a folder with
// models.load(url), which then reads it from the cache.
import { useCallback, useEffect, useState } from 'react';
import { BLIP_FILES } from '../models/blip/load-blip.ts';
import { fetchStored, listStored, removeStored, type CachedFile } from '../models/model-cache.ts';

const MB = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

/** `version`: bumped by the page when something else (the Hub panel) may have changed the cache. */
export function DownloadedModels({ version = 0 }: { readonly version?: number }) {
  const [url, setUrl] = useState('');
  const [progress, setProgress] = useState<{ loaded: number; total: number | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [files, setFiles] = useState<readonly CachedFile[]>([]);
  const refresh = useCallback(() => void listStored().then(setFiles, () => setFiles([])), []);
  useEffect(refresh, [refresh, version]);

  const download = async () => {
    const folder = url.trim().endsWith('/') ? url.trim() : `${url.trim()}/`;
    setError(null);
    setProgress({ loaded: 0, total: null });
    try {
      let done = 0;
      for (const name of BLIP_FILES) {
        const got = await fetchStored(`${folder}${name}`, { onProgress: (loaded) => setProgress({ loaded: done + loaded, total: null }) });
        done += got.bytes.length;
        if (got.notCached !== undefined) throw new Error(`downloaded, but this browser could not keep it: ${got.notCached}`);
      }
      setProgress({ loaded: done, total: done });
    } catch (e) {
      setError(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
      setProgress(null);
    } finally {
      refresh();
    }
  };
  const total = files.reduce((sum, f) => sum + f.bytes, 0);

  return (
    <section className="lab-panel" aria-labelledby="lab-downloads-h">
      <h2 id="lab-downloads-h">Downloaded models</h2>
      <p>
        A BLIP folder exported with <code>scripts/export-blip.py</code> (for example the real BLIP, about 1 GB) can be downloaded once and
        kept in this browser for offline use; a cell then loads it with <code>await models.load(url)</code>. The list below also holds the
        Hub checkpoints loaded with <strong>Load from the Hugging Face Hub</strong> or <code>models.from_pretrained(…)</code> (config,
        tokenizer and weights files), which then load from here offline.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (url.trim() !== '') void download();
        }}
      >
        <label>
          Folder URL{' '}
          <input
            type="url"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="https://…/blip-image-captioning-base/"
            size={48}
          />
        </label>{' '}
        <button type="submit" disabled={url.trim() === '' || (progress !== null && progress.total === null)}>
          Download for offline use
        </button>
      </form>
      {progress !== null && (
        <p>
          <progress aria-label="Download progress" value={progress.loaded} {...(progress.total === null ? {} : { max: progress.total })} />{' '}
          <span role="status">
            {progress.total === null ? `${MB(progress.loaded)} downloaded…` : `Done: ${MB(progress.total)} kept for offline use.`}
          </span>
        </p>
      )}
      {error !== null && (
        <p className="lab-error" role="alert">
          {error}
        </p>
      )}
      {files.length === 0 ? (
        <p>No downloaded models in this browser.</p>
      ) : (
        <table className="lab-table">
          <caption>Kept in this browser: {MB(total)}</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Size</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {files.map((f) => (
              <tr key={f.url}>
                <td>{f.url}</td>
                <td>{MB(f.bytes)}</td>
                <td>
                  <button type="button" aria-label={`Remove ${f.url}`} onClick={() => void removeStored(f.url).then(refresh)}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
