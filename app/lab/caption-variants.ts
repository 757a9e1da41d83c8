// The caption variants the lab makes of each BLIP kind (keys the page sends, labels it shows).
// What each key builds is in caption-runtime.ts (worker side).
import type { CaptionVariantInfo } from './caption-protocol.ts';

export const TINY_VARIANTS: readonly CaptionVariantInfo[] = [
  { key: 'fp32', label: 'float32' },
  { key: 'bf16', label: 'bfloat16 weights' },
  { key: 'fp16', label: 'float16 weights' },
  { key: 'int8', label: 'int8 weights (per-channel)' },
  { key: 'dynamic', label: 'dynamic int8 (MatMul)' },
];

export const HUB_VARIANTS: readonly CaptionVariantInfo[] = [
  { key: 'fp32', label: 'float32' },
  { key: 'bf16', label: 'bfloat16 weights' },
  { key: 'bf16-act', label: 'bfloat16 (weights and computation)' },
  { key: 'fp16', label: 'float16 weights' },
  { key: 'int8', label: 'int8 weights (per-channel)' },
  { key: 'dynamic', label: 'dynamic int8 (MatMul)' },
];

/** Variants smaller than this (bytes) get an untimed warm-up caption before the timed one (the caption table says so). */
export const WARM_UP_BELOW = 50e6;
