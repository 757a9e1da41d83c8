import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../notebook/persistence.ts';
import { loadTheme, saveTheme } from './theme.ts';

describe('theme choice', () => {
  it('follows the system until one is picked, and remembers the pick', () => {
    const storage = new MemoryStorage();
    expect(loadTheme(storage)).toBe('system');
    saveTheme(storage, 'contrast');
    expect(loadTheme(storage)).toBe('contrast');
    saveTheme(storage, 'system');
    expect(storage.keys()).toEqual([]);
  });

  it('ignores a saved value that is not a theme', () => {
    const storage = new MemoryStorage();
    storage.setItem('qlab:theme', 'neon');
    expect(loadTheme(storage)).toBe('system');
  });
});
