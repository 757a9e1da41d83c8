// TRANSITIONAL, for the one caller that does not take a ModelContext yet because another branch
// is editing its folder: blip-hub/blip-hub-model.ts (readImage(input) without a context).
// createModels (index.ts) installs the context it is given, so in the kernel's worker it also
// reaches the page's store; elsewhere it gets this context's own. Everything else takes the
// context as an argument. Delete this file once it does.
import { localModelContext, type ModelContext } from './model-cache.ts';

let installed: ModelContext | null = null;

/** Called by createModels only. */
export function installFallbackContext(context: ModelContext): void {
  installed = context;
}

export const fallbackContext = (): ModelContext => installed ?? localModelContext();
