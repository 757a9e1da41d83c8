// The presenter's one font-scale control, remembered in localStorage. The
// default (1) is sized for the back of a room: see presenter.css.
import type { KeyValueStorage } from '../notebook/persistence.ts';

export const SCALE_STEPS = [0.6, 0.7, 0.8, 0.9, 1, 1.15, 1.3, 1.5, 1.75, 2] as const;
export const DEFAULT_SCALE = 1;
const KEY = 'qlab:presenter:scale';

/** The next step up or down from `current` (which need not be a step itself). */
export function stepScale(current: number, direction: 1 | -1): number {
  if (direction > 0) return SCALE_STEPS.find((s) => s > current + 1e-9) ?? SCALE_STEPS.at(-1)!;
  return [...SCALE_STEPS].reverse().find((s) => s < current - 1e-9) ?? SCALE_STEPS[0];
}

export function loadScale(storage: KeyValueStorage): number {
  const n = Number(storage.getItem(KEY));
  return Number.isFinite(n) && n >= SCALE_STEPS[0] && n <= SCALE_STEPS.at(-1)! ? n : DEFAULT_SCALE;
}

export function saveScale(storage: KeyValueStorage, scale: number): void {
  storage.setItem(KEY, String(scale));
}
