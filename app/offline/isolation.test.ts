import { describe, expect, it } from 'vitest';
import { shouldReloadForIsolation, withIsolationHeaders } from './isolation.ts';

describe('isolation headers from the service worker', () => {
  it('adds COOP and COEP and keeps the response', async () => {
    const r = withIsolationHeaders(new Response('body', { status: 200, headers: { 'Content-Type': 'text/html' } }));
    expect(r.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(r.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
    expect(r.headers.get('Content-Type')).toBe('text/html');
    expect(await r.text()).toBe('body');
  });

  it('reloads once, only when controlled and not yet isolated', () => {
    expect(shouldReloadForIsolation({ controlled: true, isolated: false, alreadyReloaded: false })).toBe(true);
    expect(shouldReloadForIsolation({ controlled: true, isolated: false, alreadyReloaded: true })).toBe(false);
    expect(shouldReloadForIsolation({ controlled: true, isolated: true, alreadyReloaded: false })).toBe(false);
    expect(shouldReloadForIsolation({ controlled: false, isolated: false, alreadyReloaded: false })).toBe(false);
  });
});
