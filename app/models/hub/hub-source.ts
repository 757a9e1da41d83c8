// Where from_pretrained's files come from: a Hub repo id (files at
// `${endpoint}/${repo}/resolve/${revision}/${file}`, as transformers'
// hf_hub_url builds them), or a folder URL (`${url}/${file}`). `models.hub.endpoint`
// (hubSettings) is the default endpoint: a teacher points it at a school server
// that mirrors the Hub's layout, and every repo id then loads from there.

export const DEFAULT_ENDPOINT = 'https://huggingface.co';

/** A repo id as the Hub allows it: "name" or "owner/name", letters, digits, -, _, . (no "--", no ".." ). */
const REPO_ID = /^(?:[A-Za-z0-9][A-Za-z0-9_.-]*\/)?[A-Za-z0-9][A-Za-z0-9_.-]*$/;

function httpUrl(value: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`${what} must be an http(s) URL, not ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`${what} must be an http(s) URL, not ${JSON.stringify(value)}`);
  return url;
}

/** `models.hub`: settings a cell (or the teacher's first cell) may change. */
export class HubSettings {
  #endpoint = DEFAULT_ENDPOINT;
  get endpoint(): string {
    return this.#endpoint;
  }
  set endpoint(value: string) {
    if (typeof value !== 'string') throw new TypeError(`models.hub.endpoint must be a URL string, not ${typeof value}`);
    this.#endpoint = httpUrl(value, 'models.hub.endpoint').href.replace(/\/+$/, '');
  }
  toString(): string {
    return `models.hub: endpoint ${this.#endpoint}`;
  }
}

export const hubSettings = new HubSettings();

export interface HubSource {
  /** What messages call it: the repo id (with revision unless main) or the folder URL. */
  readonly label: string;
  readonly kind: 'repo' | 'folder';
  /** The repo id for a repo source. */
  readonly repo: string | null;
  readonly revision: string;
  fileUrl(file: string): string;
}

/**
 * `source` as a repo id or a folder URL. A string starting with http(s)://, "/" or "."
 * is a folder (relative ones made absolute by `absolute`: against the page); anything else must be a repo id.
 */
export function resolveSource(source: string, options: { readonly endpoint?: string; readonly revision?: string }, absolute: (url: string) => string): HubSource {
  const revision = options.revision ?? 'main';
  if (typeof revision !== 'string' || revision === '' || /[\s]/.test(revision)) throw new TypeError(`revision must be a branch, tag or commit name, not ${JSON.stringify(revision)}`);
  if (/^https?:\/\//i.test(source) || source.startsWith('/') || source.startsWith('.')) {
    const folder = absolute(source.endsWith('/') ? source : `${source}/`);
    if (options.endpoint !== undefined) throw new TypeError('endpoint is for Hub repo ids; a folder URL already says where its files are');
    return { label: folder, kind: 'folder', repo: null, revision, fileUrl: (file) => `${folder}${file}` };
  }
  if (!REPO_ID.test(source) || source.includes('--') || source.includes('..'))
    throw new TypeError(`${JSON.stringify(source)} is neither a Hub repo id ("owner/name", e.g. "Salesforce/blip-image-captioning-base") nor an http(s) folder URL`);
  const endpoint = options.endpoint === undefined ? hubSettings.endpoint : httpUrl(options.endpoint, 'endpoint').href.replace(/\/+$/, '');
  const rev = encodeURIComponent(revision);
  return {
    label: revision === 'main' ? source : `${source}@${revision}`,
    kind: 'repo',
    repo: source,
    revision,
    fileUrl: (file) => `${endpoint}/${source}/resolve/${rev}/${file}`,
  };
}
