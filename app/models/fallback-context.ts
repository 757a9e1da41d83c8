// TRANSITIONAL, for the two callers that do not take a ModelContext yet because another branch
// is editing their folders: hub/from-pretrained.ts (currentModelFiles() and one-argument
// absoluteUrl() through model-files.ts and model-store.ts) and blip-hub/blip-hub-model.ts
// (readImage(input) without a context). createModels (index.ts) installs the context it is
// given, so in the kernel's worker those two also reach the page's store; elsewhere they get
// this context's own. Everything else takes the context as an argument. Delete this file, and
// those two shims, once both take the context.
import { localModelContext, type ModelContext } from './model-cache.ts';

let installed: ModelContext | null = null;

/** Called by createModels only. */
export function installFallbackContext(context: ModelContext): void {
  installed = context;
}

export const fallbackContext = (): ModelContext => installed ?? localModelContext();
