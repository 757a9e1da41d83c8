// Only for app/models/blip-hub/blip-hub-model.ts, which another branch is editing now: the
// options types under their old path. Delete once its import names onnx-model.ts.
export type { DynamicOptions, QuantizeOptions } from './onnx-model.ts';
