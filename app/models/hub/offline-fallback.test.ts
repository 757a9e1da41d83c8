// from_pretrained's `fallback`: only an unreachable Hub falls back (with the one
// sentence), every other failure stays the student's error; options are split
// without touching the ones transformers knows.
import { describe, expect, it } from 'vitest';
import { HubError } from './errors.ts';
import { fallbackSentence, splitFallback, withOfflineFallback } from './offline-fallback.ts';

const unreachable = new HubError('could not reach huggingface.co for config.json (Failed to fetch): …', 'unreachable', 'https://huggingface.co/Salesforce/blip-image-captioning-base/resolve/main/config.json');

describe('splitFallback', () => {
  it('takes fallback out and keeps every other option as it was', () => {
    const log = (line: string): void => void line;
    const split = splitFallback({ torch_dtype: 'x', fallback: 'tiny-blip', log });
    expect(split.fallback).toBe('tiny-blip');
    expect(split.options).toEqual({ torch_dtype: 'x', log });
    expect(split.log).toBeTypeOf('function');
  });
  it('leaves options without fallback (or not an object) untouched, so from_pretrained checks them itself', () => {
    const options = { revision: 'main' };
    expect(splitFallback(options)).toEqual({ options, fallback: undefined, log: undefined });
    expect(splitFallback(undefined).options).toBeUndefined();
    expect(splitFallback('float16').options).toBe('float16');
  });
  it('refuses a fallback that is not a model id', () => {
    expect(() => splitFallback({ fallback: true })).toThrow('from_pretrained: fallback must name a model that ships with the app, e.g. { fallback: "tiny-blip" }, not true');
    expect(() => splitFallback({ fallback: '' })).toThrow(/not ""/);
  });
});

describe('withOfflineFallback', () => {
  it('an unreachable Hub: the one sentence, then the shipped model', async () => {
    const lines: string[] = [];
    const got = await withOfflineFallback(() => Promise.reject(unreachable), 'tiny-blip', () => Promise.resolve('tiny'), (l) => lines.push(l));
    expect(got).toBe('tiny');
    expect(lines).toEqual(['Could not reach huggingface.co (offline, or it does not allow this page: CORS), so this runs models.load("tiny-blip"), which ships with the app, instead.']);
    expect(fallbackSentence(unreachable, 'tiny-blip')).toBe(lines[0]);
  });
  it('the Hub answering: its model, nothing printed, the fallback never loaded', async () => {
    const lines: string[] = [];
    let loaded = false;
    const got = await withOfflineFallback(() => Promise.resolve('base'), 'tiny-blip', () => { loaded = true; return Promise.resolve('tiny'); }, (l) => lines.push(l));
    expect([got, lines, loaded]).toEqual(['base', [], false]);
  });
  it.each([
    new HubError('the repo x has no config.json (HTTP 404 at …)', 'not-found', 'https://huggingface.co/x/resolve/main/config.json'),
    new HubError('the repo x is gated or private …', 'gated', 'https://huggingface.co/x/resolve/main/config.json'),
    new HubError('the download of model.safetensors was cut off …', 'cut-off', 'https://huggingface.co/x/resolve/main/model.safetensors'),
    new TypeError('from_pretrained: unknown option "device_map"'),
  ])('any other failure is the cell\'s error, not a silent switch of model: %s', async (error) => {
    const lines: string[] = [];
    await expect(withOfflineFallback(() => Promise.reject(error), 'tiny-blip', () => Promise.resolve('tiny'), (l) => lines.push(l))).rejects.toBe(error);
    expect(lines).toEqual([]);
  });
});
