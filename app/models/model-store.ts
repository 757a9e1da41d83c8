// Old path of the model cache's functions (app/models/model-cache.ts), kept only for importers
// another branch is editing: app/lab/DownloadedModels.tsx.
// Delete once they import app/models/model-cache.ts.
export { fetchStored, listStored, removeStored, type CachedFile } from './model-cache.ts';
