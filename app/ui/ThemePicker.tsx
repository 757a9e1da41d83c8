import { useState } from 'react';
import type { KeyValueStorage } from '../notebook/persistence.ts';
import { applyTheme, isTheme, loadTheme, saveTheme, THEME_NAMES, THEMES, type ThemeChoice } from './theme.ts';

export function ThemePicker({ storage }: { readonly storage: KeyValueStorage }) {
  const [theme, setTheme] = useState<ThemeChoice>(() => loadTheme(storage));
  return (
    <label className="theme-picker">
      <span>Theme</span>
      <select
        value={theme}
        onChange={(e) => {
          const next = e.target.value;
          if (!isTheme(next)) return;
          setTheme(next);
          saveTheme(storage, next);
          applyTheme(document.documentElement, next);
        }}
      >
        {THEMES.map((t) => (
          <option key={t} value={t}>
            {THEME_NAMES[t]}
          </option>
        ))}
      </select>
    </label>
  );
}
