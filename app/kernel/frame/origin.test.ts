import { describe, expect, it } from 'vitest';
import { isAllowedParent, kernelFrameOrigin, loopbackSibling } from './origin.ts';

describe('loopbackSibling', () => {
  it('swaps localhost and 127.0.0.1, keeping scheme and port', () => {
    expect(loopbackSibling('http://localhost:5173')).toBe('http://127.0.0.1:5173');
    expect(loopbackSibling('http://127.0.0.1:4173')).toBe('http://localhost:4173');
    expect(loopbackSibling('https://localhost')).toBe('https://127.0.0.1');
  });
  it('has none off loopback', () => {
    expect(loopbackSibling('https://lab.example.org')).toBeNull();
    expect(loopbackSibling('http://192.168.1.5:5173')).toBeNull();
  });
});

describe('kernelFrameOrigin', () => {
  it('uses the loopback sibling by default', () => {
    expect(kernelFrameOrigin('http://localhost:5173')).toBe('http://127.0.0.1:5173');
  });
  it('runs in process on a single deployed origin', () => {
    expect(kernelFrameOrigin('https://lab.example.org')).toBeNull();
  });
  it('takes a configured origin, ignoring a path', () => {
    expect(kernelFrameOrigin('https://lab.example.org', { kernelOrigin: 'https://kernel.example.net/x/' })).toBe(
      'https://kernel.example.net',
    );
  });
  it('"same" or the page origin itself means in process', () => {
    expect(kernelFrameOrigin('http://localhost:5173', { kernelOrigin: 'same' })).toBeNull();
    expect(kernelFrameOrigin('https://lab.example.org', { kernelOrigin: 'https://lab.example.org' })).toBeNull();
  });
  it('throws on a configured value that is not a URL', () => {
    expect(() => kernelFrameOrigin('https://lab.example.org', { kernelOrigin: 'kernel host' })).toThrow();
  });
});

describe('isAllowedParent', () => {
  it('accepts the loopback sibling', () => {
    expect(isAllowedParent('http://localhost:5173', 'http://127.0.0.1:5173')).toBe(true);
  });
  it('rejects another port or site', () => {
    expect(isAllowedParent('http://localhost:5174', 'http://127.0.0.1:5173')).toBe(false);
    expect(isAllowedParent('https://evil.example', 'http://127.0.0.1:5173')).toBe(false);
  });
  it('accepts the configured app origin', () => {
    expect(isAllowedParent('https://lab.example.org', 'https://kernel.example.net', { appOrigin: 'https://lab.example.org/' })).toBe(true);
    expect(isAllowedParent('https://evil.example', 'https://kernel.example.net', { appOrigin: 'https://lab.example.org' })).toBe(false);
  });
});
