// The shipped models the lab can open: those whose manifest names one "model" file (a
// multi-file model such as a BLIP folder is for cells, not for this page).
import { listManifests, type ModelManifest } from '../models/catalog.ts';

/** The manifest's "model" file path, read defensively since manifests may list files instead of roles. */
export function modelFileOf(m: ModelManifest): string | undefined {
  const files: unknown = m.files;
  if (typeof files !== 'object' || files === null || Array.isArray(files) || !('model' in files)) return undefined;
  return typeof files.model === 'string' ? files.model : undefined;
}

export const labModels = (): ModelManifest[] => listManifests().filter((m) => modelFileOf(m) !== undefined);
