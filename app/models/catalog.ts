// The models that ship with the app: one manifest per folder of models/.
// Files are served at <base>models/<id>/<file name> (scripts/vite-plugin-models.ts).

export interface ModelManifest {
  readonly id: string;
  readonly name: string;
  readonly task: string;
  readonly description?: string;
  /** role → path: in `source.package` when set, else a file in models/<id>/ (BLIP folders list their files). */
  readonly files: Readonly<Record<string, string>> | readonly { readonly file: string }[];
  readonly architecture?: string;
  readonly source?: { readonly package?: string; readonly version?: string };
}

const manifests = import.meta.glob<ModelManifest>('/models/*/manifest.json', { eager: true, import: 'default' });

export function listManifests(): ModelManifest[] {
  return Object.values(manifests).sort((a, b) => a.id.localeCompare(b.id));
}

export class UnknownModelError extends Error {
  override name = 'UnknownModelError';
}

export function manifestOf(id: string): ModelManifest {
  const found = listManifests().find((m) => m.id === id);
  if (found === undefined) {
    const known = listManifests().map((m) => `"${m.id}"`).join(', ');
    throw new UnknownModelError(`no model "${id}": the models here are ${known || 'none'}`);
  }
  return found;
}

type FileList = readonly { readonly file: string }[];
const isFileList = (f: ModelManifest['files']): f is FileList => Array.isArray(f);

/** Files by role ({} for a manifest that only lists its files). */
export function roleFiles(manifest: ModelManifest): Readonly<Record<string, string>> {
  return isFileList(manifest.files) ? {} : manifest.files;
}

const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/** The URL of one of a model's files, by role ("model", "keys", …). */
export function fileUrl(manifest: ModelManifest, role: string, base: string = import.meta.env.BASE_URL): string {
  const path = roleFiles(manifest)[role];
  if (path === undefined) throw new Error(`model "${manifest.id}" has no "${role}" file (it has: ${Object.keys(roleFiles(manifest)).join(', ')})`);
  return `${base}models/${manifest.id}/${baseName(path)}`;
}
