import { describe, expect, test } from 'vitest';
import { blockedText, cssUrls, isRemoteResourceUrl, normaliseCss, remoteCssUrls, srcsetUrls } from './remote-url.ts';

const page = { origin: 'http://localhost:4173', base: 'http://localhost:4173/?lesson=00-welcome' };

describe('isRemoteResourceUrl', () => {
  test('another host, another port or another scheme is remote', () => {
    expect(isRemoteResourceUrl('http://example.com/t.png', page)).toBe(true);
    expect(isRemoteResourceUrl('//example.com/t.png', page)).toBe(true);
    expect(isRemoteResourceUrl('http://localhost:9999/t.png', page)).toBe(true);
    expect(isRemoteResourceUrl('https://localhost:4173/t.png', page)).toBe(true);
    expect(isRemoteResourceUrl('  HTTP://EXAMPLE.com/t.png ', page)).toBe(true);
    expect(isRemoteResourceUrl('javascript:alert(1)', page)).toBe(true);
    expect(isRemoteResourceUrl('file:///etc/passwd', page)).toBe(true);
  });

  test('the app itself, data:, blob:, fragments and empty URLs stay', () => {
    expect(isRemoteResourceUrl('/images/a.png', page)).toBe(false);
    expect(isRemoteResourceUrl('images/a.png', page)).toBe(false);
    expect(isRemoteResourceUrl('http://localhost:4173/a.png', page)).toBe(false);
    expect(isRemoteResourceUrl('data:image/png;base64,AAAA', page)).toBe(false);
    expect(isRemoteResourceUrl('blob:http://localhost:4173/0b3c', page)).toBe(false);
    expect(isRemoteResourceUrl('#gradient-1', page)).toBe(false);
    expect(isRemoteResourceUrl('', page)).toBe(false);
  });

  test('without an origin (Node, the lesson renderer) every absolute http(s) URL is remote, paths are not', () => {
    const node = { origin: null };
    expect(isRemoteResourceUrl('https://cdn.example/a.png', node)).toBe(true);
    expect(isRemoteResourceUrl('//cdn.example/a.png', node)).toBe(true);
    expect(isRemoteResourceUrl('/images/a.png', node)).toBe(false);
    expect(isRemoteResourceUrl('images/a.png', node)).toBe(false);
    expect(isRemoteResourceUrl('data:image/png;base64,AAAA', node)).toBe(false);
  });
});

describe('CSS', () => {
  test('escapes and comments are decoded as the CSS parser would', () => {
    expect(normaliseCss('u\\72l(http://e.com/x)')).toBe('url(http://e.com/x)');
    expect(normaliseCss('\\75 rl(a)')).toBe('url(a)');
    expect(normaliseCss('ur/* hide */l(a)')).toBe('url(a)');
  });

  test('url(), image-set(), src() and @import are all found', () => {
    expect(cssUrls('background: url( "http://e.com/a.png" ) , url(\'b.png\'), url(c.png)').urls).toEqual([
      'http://e.com/a.png',
      'b.png',
      'c.png',
    ]);
    expect(cssUrls('background-image: image-set("http://e.com/1x.png" 1x, "http://e.com/2x.png" 2x)').urls).toEqual([
      'http://e.com/1x.png',
      'http://e.com/2x.png',
    ]);
    expect(cssUrls('@import "http://e.com/s.css"; p { color: red }')).toEqual({ urls: ['http://e.com/s.css'], imports: true });
    expect(cssUrls('@IMPORT url(x.css)').imports).toBe(true);
  });

  test('remote URLs only: fragments and data: stay; any @import counts', () => {
    expect(remoteCssUrls('fill: url(#g); background: url(data:image/png;base64,AA)', page)).toEqual([]);
    expect(remoteCssUrls('background: U\\52L(http://e.com/t.png)', page)).toEqual(['http://e.com/t.png']);
    expect(remoteCssUrls('@import url(/own.css)', page)).toEqual(['@import']);
    expect(remoteCssUrls('height: 1.2em; vertical-align: -0.25em', page)).toEqual([]);
  });
});

test('srcset candidates', () => {
  expect(srcsetUrls('a.png 1x, http://e.com/b.png 2x,c.png')).toEqual(['a.png', 'http://e.com/b.png', 'c.png']);
});

test('the placeholder says what and where', () => {
  expect(blockedText('image', 'javascript:alert(1)')).toBe(
    '[image not loaded: a javascript: URL (this app loads nothing from other hosts)]',
  );
  expect(blockedText('image', 'x" onerror="y')).toBe('[image not loaded: a relative URL (this app loads nothing from other hosts)]');
  expect(blockedText('image', 'http://example.com/t.png')).toBe(
    '[image not loaded: http://example.com/t.png (this app loads nothing from other hosts)]',
  );
  const long = blockedText('frame', `http://e.com/${'x'.repeat(300)}`);
  expect(long).toContain('x… (this app');
  expect(long.length).toBe('[embedded page not loaded: '.length + 200 + ' (this app loads nothing from other hosts)]'.length);
});
