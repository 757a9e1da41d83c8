import { describe, expect, test } from 'vitest';
import { kernelFrameCsp, pageCsp } from './csp.ts';

const directives = (policy: string): Map<string, string[]> =>
  new Map(
    policy.split(/;\s*/).map((d) => {
      const [name = '', ...sources] = d.trim().split(/\s+/);
      return [name, sources];
    }),
  );

describe('the page policy', () => {
  const page = directives(pageCsp());
  test('nothing passive comes from another host', () => {
    expect(page.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(page.get('media-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(page.get('font-src')).toEqual(["'self'", 'data:']);
    expect(page.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(page.get('default-src')).toEqual(["'self'"]);
    for (const name of ['object-src', 'base-uri', 'form-action']) expect(page.get(name)).toEqual(["'none'"]);
  });

  test("scripts are the app's own; WebAssembly compiles, eval does not", () => {
    expect(page.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(pageCsp()).not.toContain("'unsafe-eval'");
  });

  test("fetches reach the app, the kernel frame's loopback site and model URLs the student names", () => {
    expect(page.get('connect-src')).toEqual(["'self'", 'data:', 'blob:', 'http://localhost:*', 'http://127.0.0.1:*', 'https:']);
    expect(page.get('frame-src')).toEqual(['http://localhost:*', 'http://127.0.0.1:*']);
  });

  test('a configured kernel host is the only frame; `same` allows none', () => {
    const hosted = directives(pageCsp({ kernelOrigin: 'https://kernel.example.net/path' }));
    expect(hosted.get('frame-src')).toEqual(['https://kernel.example.net']);
    expect(hosted.get('connect-src')).toContain('https://kernel.example.net');
    expect(directives(pageCsp({ kernelOrigin: 'same' })).get('frame-src')).toEqual(["'none'"]);
  });
});

test('the kernel frame may load its own scripts and workers and nothing else', () => {
  const frame = directives(kernelFrameCsp());
  expect(frame.get('default-src')).toEqual(["'none'"]);
  expect(frame.get('script-src')).toEqual(["'self'"]);
  expect(frame.get('worker-src')).toEqual(["'self'"]);
  expect(kernelFrameCsp()).not.toMatch(/unsafe|https:|\*/);
});
