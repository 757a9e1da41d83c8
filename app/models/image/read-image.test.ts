// run(image)'s inputs in Node: PNG Files/Blobs decoded exactly (the shared micro BLIP's four
// test images give transformers' own pixel_values and greedy ids), URLs fetched through the
// context's model files with errors naming the URL, and clear errors for what is not an image.
import { Tokenizer } from '@huggingface/tokenizers';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { preprocessBlip } from '../blip/preprocess.ts';
import { BlipHubModel } from '../blip-hub/blip-hub-model.ts';
import { loadHfBlip, type HfBlipFixture } from '../blip-hub/hf-blip-fixture.ts';
import { hubPreprocessor } from '../blip-hub/hub-preprocessor.ts';
import { nodeRuntime } from '../blip-hub/node-runtime.ts';
import { DownloadError } from '../fetch-bytes.ts';
import type { ModelContext, ModelFiles } from '../model-cache.ts';
import { readImage } from './read-image.ts';

let f: HfBlipFixture;
const served = new Map<string, Uint8Array<ArrayBuffer> | DownloadError>();
const fetched: string[] = [];
const files: ModelFiles = {
  fetch: (url) => {
    fetched.push(url);
    const got = served.get(url);
    if (got === undefined) return Promise.reject(new DownloadError(`could not fetch ${url}: HTTP 404 Not Found`, false, 404));
    return got instanceof DownloadError ? Promise.reject(got) : Promise.resolve({ bytes: got, fromCache: false });
  },
  list: () => Promise.resolve([]),
  remove: () => Promise.resolve(0),
};

// The page the cell runs in: relative image URLs are relative to it.
const context: ModelContext = { files, pageUrl: 'https://school.example/notebook/' };

beforeAll(() => {
  f = loadHfBlip();
});

const bitsEqual = (a: Float32Array, b: Float32Array): boolean => a.length === b.length && new Uint32Array(a.buffer, a.byteOffset, a.length).every((v, i) => v === new Uint32Array(b.buffer, b.byteOffset, b.length)[i]);

describe('readImage', () => {
  it('a PNG File of each shared test image (RGB, RGBA with transparent pixels, grey L) gives transformers\' pixel_values bit for bit', async () => {
    const pre = hubPreprocessor(f.preprocessor);
    for (const [i, img] of f.golden.images.entries()) {
      const read = await readImage(new File([Uint8Array.from(f.png(img.file))], img.file.split('/').pop()!, { type: 'image/png' }), context);
      expect([read.format, read.note]).toEqual(['PNG', null]);
      expect(bitsEqual(preprocessBlip(read.pixels, pre).data, f.f32(`pixel_values/img${i}.f32`))).toBe(true);
    }
  });

  it('BlipHubModel.run(File) gives transformers\' greedy ids and caption on all four images', async () => {
    const model = new BlipHubModel({ id: 'micro-a', tensors: f.tensors, config: f.config, preprocessor: f.preprocessor, tokenizer: new Tokenizer(f.tokenizer, f.tokenizerConfig), runtime: nodeRuntime() });
    for (const img of f.golden.images) {
      const r = await model.run(new Blob([Uint8Array.from(f.png(img.file))]));
      expect([r.ids, r.caption, r.image_note]).toEqual([img.greedy.ids, img.greedy.caption, null]);
    }
    await model.dispose();
  });

  it('an image URL (relative or absolute, string or URL) is fetched through the page\'s model files', async () => {
    const png = Uint8Array.from(f.png(f.golden.images[0]!.file));
    served.set('https://school.example/notebook/photos/cat.png', png);
    const a = await readImage('photos/cat.png', context);
    const b = await readImage(new URL('https://school.example/notebook/photos/cat.png'), context);
    expect([a.pixels.width, a.pixels.height, b.pixels.width]).toEqual([200, 150, 200]);
    expect(Array.from(a.pixels.data)).toEqual(Array.from(b.pixels.data));
    expect(fetched.slice(-2)).toEqual(['https://school.example/notebook/photos/cat.png', 'https://school.example/notebook/photos/cat.png']);
  });

  it('a 404, an unreachable server and a cut-off download name the URL', async () => {
    await expect(readImage('/missing.png', context)).rejects.toThrow('could not fetch the image https://school.example/missing.png: HTTP 404 (not found)');
    served.set('https://other.example/x.png', new DownloadError('could not fetch https://other.example/x.png: Failed to fetch', true));
    await expect(readImage('https://other.example/x.png', context)).rejects.toThrow('could not fetch the image https://other.example/x.png: no answer (offline, or the server does not let this site read it: CORS)');
    served.set('https://other.example/y.png', new DownloadError('stopped', true, null, 'cut-off'));
    await expect(readImage('https://other.example/y.png', context)).rejects.toThrow(DownloadError);
  });

  it('what is not an image gets a clear error naming it', async () => {
    await expect(readImage(42, context)).rejects.toThrow('run(image): expected an image (ImageData, a File or Blob, an image URL, or a sample from blip.samples()), got a number');
    await expect(readImage('a cat', context)).rejects.toThrow('run(image): "a cat" is not an image URL');
    await expect(readImage(new File([new TextEncoder().encode('hello')], 'notes.txt'), context)).rejects.toThrow('notes.txt: not an image run() can read (it starts 68 65 6c 6c 6f; PNG, JPEG, GIF, WebP and BMP can be read)');
    const corrupt = Uint8Array.from(f.png(f.golden.images[1]!.file));
    const mid = corrupt.length >> 1; // inside the IDAT data
    corrupt[mid] = corrupt[mid]! ^ 0xff;
    await expect(readImage(new File([corrupt], 'holiday.png'), context)).rejects.toThrow(/^holiday\.png: CRC mismatch in chunk/);
    const jpeg = new Uint8Array(readFileSync(new URL('./fixtures/photo-like-96x64.jpg', import.meta.url)));
    await expect(readImage(new File([jpeg], 'photo.jpg'), context)).rejects.toThrow("photo.jpg: decoding JPEG needs the browser's image decoder (createImageBitmap); here only PNG can be read");
  });
});
