// Old path of ModelFiles (app/models/model-cache.ts), kept only for hub/from-pretrained.ts,
// which another branch is editing; delete once it is given the ModelContext.
import type { ModelFiles } from './model-cache.ts';
import { fallbackContext } from './fallback-context.ts';

export { localModelFiles, type ModelFiles } from './model-cache.ts';

/** The files of the models context (fallback-context.ts). */
export const currentModelFiles = (): ModelFiles => fallbackContext().files;
