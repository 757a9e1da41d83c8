import { describe, expect, test } from 'vitest';
import { cachedBuild } from './build-cache.ts';

describe('cachedBuild', () => {
  test('the same text and path are built once; a different one, or one pushed out, again', () => {
    const calls: string[] = [];
    const build = cachedBuild((text: string, path: string) => (calls.push(`${path}:${text}`), { text, path }), 2);
    const first = build('a', 'p');
    expect(build('a', 'p')).toBe(first);
    expect(build('a', 'q')).not.toBe(first);
    expect(build('b', 'p').text).toBe('b');
    expect(calls).toEqual(['p:a', 'q:a', 'p:b']);
    build('a', 'p');
    expect(calls).toEqual(['p:a', 'q:a', 'p:b', 'p:a']);
  });
});
