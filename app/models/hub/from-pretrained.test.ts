// from_pretrained against a stand-in Hub (fetch stubbed, in the Hub's URL layout)
// serving the shared micro BLIP, through an in-memory model cache: URLs, the
// safetensors → bin fallback, the cache and offline reloads, every Hub error.
// The browser path (real fetch, Cache API, the kernel's bridge) is e2e: tests/e2e/hub.spec.ts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bfloat16, float16, float32, int8 } from '../../torch/dtype.ts';
import { NotImplementedError } from '../../torch/errors.ts';
import { MemoryCacheStorage } from '../../offline/memory-cache.ts';
import { listStored } from '../model-cache.ts';
import { CheckpointFormatError, HubError, UnsupportedModelError } from './errors.ts';
import { fromPretrained } from './from-pretrained.ts';
import { hubSettings } from './hub-source.ts';
import { readShared, readSharedJson } from './shared-blip.node.ts';

const FILES = ['config.json', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json', 'model.safetensors', 'pytorch_model.bin'];
const golden = readSharedJson('micro-a-golden', 'golden.json') as { footprint: { float32: number; bfloat16: number } };

interface Hub {
  readonly calls: string[];
  /** What the network does now: serve, or fail like an offline browser. */
  online: boolean;
}

/** Serves micro-a at https://hub.test/{repo}/resolve/{revision}/{file}; `files` edits what a repo has. */
function standInHub(files: (repo: string, file: string) => Uint8Array | number | undefined = (_, f) => (FILES.includes(f) ? readShared('micro-a', f) : undefined)): Hub {
  const hub: Hub = { calls: [], online: true };
  vi.stubGlobal('fetch', (url: string) => {
    hub.calls.push(url);
    if (!hub.online) return Promise.reject(new TypeError('Failed to fetch'));
    const m = /^https:\/\/hub\.test\/(.+)\/resolve\/([^/]+)\/([^/]+)$/.exec(url);
    const got = m === null ? undefined : files(m[1]!, m[3]!);
    if (typeof got === 'number') return Promise.resolve(new Response('denied', { status: got }));
    if (got === undefined) return Promise.resolve(new Response('Entry not found', { status: 404 }));
    return Promise.resolve(new Response(got.slice(), { headers: { 'Content-Length': String(got.length) } }));
  });
  return hub;
}

const setup = () => {
  const storage = new MemoryCacheStorage();
  return { caches: () => storage };
};
const options = (extra: Record<string, unknown> = {}) => ({ endpoint: 'https://hub.test', ...extra });

afterEach(() => {
  vi.unstubAllGlobals();
  hubSettings.endpoint = 'https://huggingface.co';
});

describe('from_pretrained from a stand-in Hub', () => {
  it('loads a repo id: the Hub\'s URLs, model.safetensors preferred, footprint = transformers\'', async () => {
    const hub = standInHub();
    const lines: string[] = [];
    const m = await fromPretrained('test/micro-a', options({ log: (l: string) => lines.push(l) }), setup());
    expect(hub.calls).toEqual(['config.json', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json', 'model.safetensors'].map((f) => `https://hub.test/test/micro-a/resolve/main/${f}`));
    expect(m.checkpoint.format).toBe('safetensors');
    expect(m.get_memory_footprint()).toBe(golden.footprint.float32);
    expect(m.to(bfloat16).get_memory_footprint()).toBe(golden.footprint.bfloat16);
    expect(m.dtype).toBe('float32');
    expect(lines).toEqual(['Downloading test/micro-a …', expect.stringMatching(/^Downloaded 1\.0 MB of test\/micro-a \(model\.safetensors\); cached for offline use$/)]);
  });

  it('uses models.hub.endpoint when no endpoint is given, and a revision', async () => {
    const hub = standInHub();
    hubSettings.endpoint = 'https://hub.test/';
    await fromPretrained('test/micro-a', { revision: 'v1.0' }, setup());
    expect(hub.calls[0]).toBe('https://hub.test/test/micro-a/resolve/v1.0/config.json');
  });

  it('falls back to pytorch_model.bin on a 404 of model.safetensors; same tensors', async () => {
    const hub = standInHub((_, f) => (f === 'model.safetensors' || !FILES.includes(f) ? undefined : readShared('micro-a', f)));
    const m = await fromPretrained('test/micro-a', options(), setup());
    expect(hub.calls.slice(-2)).toEqual(['https://hub.test/test/micro-a/resolve/main/model.safetensors', 'https://hub.test/test/micro-a/resolve/main/pytorch_model.bin']);
    expect(m.checkpoint.format).toBe('pytorch');
    expect(m.checkpoint.aliases.get('text_decoder.cls.predictions.decoder.bias')).toBe('text_decoder.cls.predictions.bias');
    expect(m.get_memory_footprint()).toBe(golden.footprint.float32);
  });

  it('a second load reads the cache only; offline too (both weight formats)', async () => {
    for (const without of ['none', 'model.safetensors']) {
      const hub = standInHub((_, f) => (f === without || !FILES.includes(f) ? undefined : readShared('micro-a', f)));
      const deps = setup();
      await fromPretrained('test/micro-a', options(), deps);
      const before = hub.calls.length;
      hub.online = false;
      const lines: string[] = [];
      const again = await fromPretrained('test/micro-a', options({ log: (l: string) => lines.push(l) }), deps);
      expect(hub.calls.length).toBe(before);
      expect(again.checkpoint.format).toBe(without === 'none' ? 'safetensors' : 'pytorch');
      expect(lines).toEqual([expect.stringMatching(/^Loaded test\/micro-a \((model\.safetensors|pytorch_model\.bin)\) from this browser's cache \(1\.0 MB\)$/)]);
    }
  });

  it('hands the checked PretrainedBlip to the graph builder when one is given, and returns what it builds', async () => {
    standInHub();
    const seen: string[] = [];
    const built = await fromPretrained('test/micro-a', options({ torch_dtype: bfloat16 }), {
      ...setup(),
      build: (blip) => {
        seen.push(`${blip.source} ${blip.dtype} ${blip.checkpoint.tensors.size} ${blip.config.text_config.bos_token_id} ${blip.preprocessor.size.height}`);
        return Promise.resolve({ built: true });
      },
    });
    expect(built).toEqual({ built: true });
    expect(seen).toEqual(['test/micro-a bfloat16 93 269 64']);
  });

  it('picked files (a folder from the student\'s disk): read in place, no network, no cache; the .bin when that is what was picked', async () => {
    const hub = standInHub();
    const deps = setup();
    const picked = FILES.filter((f) => f !== 'model.safetensors').map((f) => new File([readShared('micro-a', f)], f));
    const lines: string[] = [];
    const m = await fromPretrained(picked, { log: (l: string) => lines.push(l) }, deps);
    expect([m.checkpoint.format, m.get_memory_footprint(), hub.calls.length, (await listStored(deps.caches)).length]).toEqual(['pytorch', golden.footprint.float32, 0, 0]);
    expect(lines).toEqual([expect.stringMatching(/^Read 1\.0 MB from the picked files \(config\.json, preprocessor_config\.json, pytorch_model\.bin, tokenizer\.json, tokenizer_config\.json\) \(pytorch_model\.bin\)$/)]);
    await expect(fromPretrained(picked.filter((f) => f.name !== 'tokenizer.json'), {}, deps)).rejects.toThrow(/the picked files \(.*\) have no tokenizer\.json/);
    await expect(fromPretrained(picked, { revision: 'v1' }, deps)).rejects.toThrow(/endpoint and revision are for Hub repo ids/);
  });

  it('a folder URL: files at ${url}/${file}', async () => {
    const calls: string[] = [];
    vi.stubGlobal('fetch', (url: string) => {
      calls.push(url);
      const file = url.replace('https://school.test/blip/', '');
      return Promise.resolve(FILES.includes(file) ? new Response(readShared('micro-a', file).slice()) : new Response('', { status: 404 }));
    });
    const m = await fromPretrained('https://school.test/blip', {}, setup());
    expect(calls[0]).toBe('https://school.test/blip/config.json');
    expect(m.pretrained.source).toBe('https://school.test/blip/');
  });
});

describe('from_pretrained errors', () => {
  const fails = async (p: Promise<unknown>): Promise<Error> => {
    try {
      await p;
    } catch (e) {
      return e as Error;
    }
    throw new Error('did not fail');
  };

  it('repo not found (404)', async () => {
    standInHub(() => undefined);
    const e = await fails(fromPretrained('nobody/nothing', options(), setup()));
    expect(e).toBeInstanceOf(HubError);
    expect(e.message).toBe('the repo nobody/nothing (revision main) has no config.json: no such repo or revision, or not a transformers model (HTTP 404 at https://hub.test/nobody/nothing/resolve/main/config.json)');
  });
  it('gated or private (401/403): log in is not supported, a teacher can serve the files', async () => {
    for (const status of [401, 403]) {
      standInHub(() => status);
      const e = await fails(fromPretrained('meta/gated', options(), setup()));
      expect(e.message).toMatch(new RegExp(`the repo meta/gated \\(revision main\\) is gated or private, or does not exist \\(HTTP ${status} .*logging in to the Hub is not supported here\\. A teacher can download the files once and serve them from a school server`));
    }
  });
  it('the Hub unreachable (offline, CORS): says so, and that the tiny BLIP runs offline', async () => {
    standInHub().online = false;
    const e = await fails(fromPretrained('test/micro-a', options(), setup()));
    expect(e.message).toMatch(/^could not reach hub\.test for config\.json .*offline, or the server does not allow this page \(CORS\)\. Nothing was stored\. The tiny BLIP runs offline: models\.load\("tiny-blip"\)$/);
  });
  it('a download cut off midway: an error, and nothing of it stored', async () => {
    vi.stubGlobal('fetch', (url: string) => {
      const file = url.replace(/^.*\/resolve\/main\//, '');
      const bytes = readShared('micro-a', file);
      // the weights' body stops at half its promised length
      const body = file === 'model.safetensors' ? bytes.slice(0, bytes.length >> 1) : bytes.slice();
      return Promise.resolve(new Response(body, { headers: { 'Content-Length': String(bytes.length) } }));
    });
    const deps = setup();
    const e = await fails(fromPretrained('test/micro-a', options(), deps));
    expect(e).toBeInstanceOf(HubError);
    expect(e.message).toMatch(/^the download of model\.safetensors was cut off \(download of .* stopped at 528598 of 1057196 bytes\); nothing of it was stored/);
    expect((await listStored(deps.caches)).map((f) => f.url.replace(/^.*\//, '')).sort()).toEqual(['config.json', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json'].sort());
  });
  it('a non-BLIP config names model_type and architectures, fetches no weights, keeps nothing', async () => {
    const hub = standInHub((_, f) => (f === 'config.json' ? new TextEncoder().encode('{"model_type":"vit","architectures":["ViTForImageClassification"]}') : undefined));
    const deps = setup();
    const e = await fails(fromPretrained('google/vit', options(), deps));
    expect(e).toBeInstanceOf(UnsupportedModelError);
    expect(e.message).toMatch(/google\/vit\/config\.json: model_type "vit", architectures \["ViTForImageClassification"\]; from_pretrained loads BlipForConditionalGeneration checkpoints only/);
    expect(hub.calls).toHaveLength(1);
    expect(await listStored(deps.caches)).toEqual([]);
  });
  it('a corrupt weights file: the reader\'s error, and the file is not kept in the cache', async () => {
    standInHub((_, f) => {
      if (!FILES.includes(f)) return undefined;
      const b = readShared('micro-a', f);
      if (f === 'model.safetensors') new DataView(b.buffer).setBigUint64(0, 1n << 40n, true);
      return b;
    });
    const deps = setup();
    const e = await fails(fromPretrained('test/micro-a', options(), deps));
    expect(e).toBeInstanceOf(CheckpointFormatError);
    expect(e.message).toMatch(/model\.safetensors: the header length \(bytes 0–7\) says 1099511627776 bytes/);
    expect((await listStored(deps.caches)).some((f) => f.url.endsWith('model.safetensors'))).toBe(false);
  });
  it('options: unknown ones are a TypeError, never ignored; dtypes as transformers 4.x takes them', async () => {
    standInHub();
    await expect(fromPretrained('test/micro-a', options({ device_map: 'auto' }), setup())).rejects.toThrow(/unknown option "device_map"; the options are torch_dtype, dtype, revision, endpoint, log, onProgress/);
    await expect(fromPretrained('test/micro-a', options({ torch_dtype: 'float16' }), setup())).rejects.toThrow(/not "float16" \(did you mean torch\.float16\?\)/);
    await expect(fromPretrained('test/micro-a', options({ torch_dtype: int8 }), setup())).rejects.toBeInstanceOf(NotImplementedError);
    await expect(fromPretrained('test/micro-a', options({ dtype: float16, torch_dtype: float32 }), setup())).rejects.toThrow(/dtype and torch_dtype disagree/);
    await expect(fromPretrained('not a repo!', {}, setup())).rejects.toThrow(/neither a Hub repo id .* nor an http\(s\) folder URL/);
    expect((await fromPretrained('test/micro-a', options({ torch_dtype: bfloat16 }), setup())).get_memory_footprint()).toBe(golden.footprint.bfloat16);
    expect((await fromPretrained('test/micro-a', options({ dtype: 'auto' }), setup())).dtype).toBe('float32'); // config.json says "float32"
    expect(() => {
      hubSettings.endpoint = 'ftp://x';
    }).toThrow(/models\.hub\.endpoint must be an http\(s\) URL/);
  });
  it('a file too big for memory is a MemoryError saying how much it needed', async () => {
    vi.stubGlobal('fetch', () => Promise.resolve(new Response(new Uint8Array(4), { headers: { 'Content-Length': String(2 ** 53) } })));
    const e = await fails(fromPretrained('test/huge', options(), setup()));
    expect(e.name).toBe('MemoryError');
    expect(e.message).toMatch(/^out of memory: reading https:\/\/hub\.test\/test\/huge\/resolve\/main\/config\.json needs 9007199254\.7 MB in one piece/);
  });

  it('run() says what is missing instead of pretending', async () => {
    standInHub();
    const m = await fromPretrained('test/micro-a', options(), setup());
    await expect(m.run()).rejects.toThrow(NotImplementedError);
    await expect(m.run()).rejects.toThrow(/needs the BLIP graph builder .* models\.load\("tiny-blip"\)/);
    expect(String(m)).toBe('BlipForConditionalGeneration from test/micro-a (safetensors, float32): vision 2×64 at 64px, text 2×64, vocab 271; 261,391 parameters, footprint 1.05 MB');
  });
});
