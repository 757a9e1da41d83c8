// Old path of the model cache's functions (app/models/model-cache.ts), kept only for importers
// another branch is editing: hub/from-pretrained.ts, its test, and app/lab/DownloadedModels.tsx.
// Delete once they import app/models/model-cache.ts.
import { absoluteUrl as resolveUrl } from './model-cache.ts';
import { fallbackContext } from './fallback-context.ts';

export { fetchStored, listStored, removeStored, type CachedFile, type CacheSource } from './model-cache.ts';

/** One-argument absoluteUrl for hub/from-pretrained.ts: relative to the models context's page (fallback-context.ts). */
export const absoluteUrl = (url: string): string => resolveUrl(url, fallbackContext().pageUrl);
