// Old path of ModelFiles (app/offline/model-cache.ts), kept only for hub/from-pretrained.ts,
// which another branch is editing; delete once it is given the ModelContext.
import type { ModelFiles } from '../offline/model-cache.ts';
import { fallbackContext } from './fallback-context.ts';

export { localModelFiles, type ModelFiles } from '../offline/model-cache.ts';

/** The files of the models context (fallback-context.ts). */
export const currentModelFiles = (): ModelFiles => fallbackContext().files;
