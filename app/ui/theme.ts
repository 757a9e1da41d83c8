// Themes: light and dark follow the system setting unless the reader picks
// one by hand; high contrast is for projectors. The choice is remembered and
// applied as <html data-theme> before the first render, so nothing flashes.
import type { KeyValueStorage } from '../notebook/persistence.ts';

export const THEMES = ['system', 'light', 'dark', 'contrast'] as const;
export type ThemeChoice = (typeof THEMES)[number];

export const THEME_NAMES: Readonly<Record<ThemeChoice, string>> = {
  system: 'System (light or dark)',
  light: 'Light',
  dark: 'Dark',
  contrast: 'High contrast (projector)',
};

const KEY = 'qlab:theme';

export const isTheme = (value: unknown): value is ThemeChoice => typeof value === 'string' && (THEMES as readonly string[]).includes(value);

export function loadTheme(storage: KeyValueStorage): ThemeChoice {
  const saved = storage.getItem(KEY);
  return isTheme(saved) ? saved : 'system';
}

export function saveTheme(storage: KeyValueStorage, theme: ThemeChoice): void {
  if (theme === 'system') storage.removeItem(KEY);
  else storage.setItem(KEY, theme);
}

/** `system` leaves the attribute off so the stylesheet's prefers-color-scheme rules decide. */
export function applyTheme(root: HTMLElement, theme: ThemeChoice): void {
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
}
