// Check the exported tiny BLIP in onnxruntime-node against the torch captions.
//
//   node scripts/tiny_blip/check_onnx.mjs [modelDir] [samplesDir] [evalDir]
//
// Runs vision_model.onnx once per image batch and text_decoder_model.onnx in a
// greedy loop (from [DEC] until [SEP], whole prefix each step, no KV cache),
// with BlipImageProcessor pre-processing from preprocessor_config.json (the
// images are already 64x64, so resizing is the identity). Compares the token ids
// with
//   * public/samples/tiny-blip/samples.json (float32 token_ids of every PNG), and
//   * models/tiny-blip/eval-report.json (float32_ids of the 500 held-out scenes),
//     whose images evaluate.py leaves in /tmp/tiny-blip-eval/test_images.u8.
// Exits 1 on any mismatch.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const modelDir = process.argv[2] ?? path.join(repo, 'models', 'tiny-blip');
const samplesDir = process.argv[3] ?? path.join(repo, 'public', 'samples', 'tiny-blip');
const evalDir = process.argv[4] ?? '/tmp/tiny-blip-eval';

const readJson = (p) => JSON.parse(fs.readFileSync(p, 'utf8'));

/** Minimal PNG decoder: 8-bit RGB/RGBA/grey, non-interlaced -> Uint8Array RGB. */
function decodePng(buf) {
  let pos = 8;
  let w = 0,
    h = 0,
    ct = 0;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('ascii', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      w = data.readUInt32BE(0);
      h = data.readUInt32BE(4);
      if (data[8] !== 8 || data[12] !== 0) throw new Error('only 8-bit non-interlaced PNG');
      ct = data[9];
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  const ch = { 0: 1, 2: 3, 4: 2, 6: 4 }[ct];
  if (!ch) throw new Error('unsupported colour type ' + ct);
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = w * ch;
  const px = new Uint8Array(h * stride);
  for (let y = 0; y < h; y++) {
    const f = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= ch ? px[y * stride + x - ch] : 0;
      const b = y > 0 ? px[(y - 1) * stride + x] : 0;
      const c = x >= ch && y > 0 ? px[(y - 1) * stride + x - ch] : 0;
      let v = src[x];
      if (f === 1) v += a;
      else if (f === 2) v += b;
      else if (f === 3) v += (a + b) >> 1;
      else if (f === 4) {
        const p = a + b - c,
          pa = Math.abs(p - a),
          pb = Math.abs(p - b),
          pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      px[y * stride + x] = v & 255;
    }
  }
  const rgb = new Uint8Array(w * h * 3);
  for (let i = 0; i < w * h; i++) {
    for (let k = 0; k < 3; k++) rgb[i * 3 + k] = ch >= 3 ? px[i * ch + k] : px[i * ch];
  }
  return { w, h, rgb };
}

const cfg = readJson(path.join(modelDir, 'config.json'));
const pre = readJson(path.join(modelDir, 'preprocessor_config.json'));
const tokJson = readJson(path.join(modelDir, 'tokenizer.json'));
const idToToken = [];
for (const [t, i] of Object.entries(tokJson.model.vocab)) idToToken[i] = t;
for (const t of tokJson.added_tokens) idToToken[t.id] = t.content;
const BOS = cfg.text_config.bos_token_id,
  SEP = cfg.text_config.sep_token_id,
  PAD = cfg.text_config.pad_token_id;
const H = pre.size.height,
  W = pre.size.width;
if (idToToken[BOS] !== '[DEC]' || idToToken[SEP] !== '[SEP]' || idToToken[PAD] !== '[PAD]') {
  throw new Error('special token ids do not match tokenizer.json');
}

function decodeIds(ids) {
  const words = [];
  for (const i of ids) {
    const t = idToToken[i];
    if (t.startsWith('##') && words.length) words[words.length - 1] += t.slice(2);
    else words.push(t);
  }
  return words.join(' ');
}

/** uint8 RGB images [B*H*W*3] -> float32 NCHW, rescale then normalize (float32 arithmetic like torch). */
function preprocess(rgbList) {
  const B = rgbList.length;
  const out = new Float32Array(B * 3 * H * W);
  const f = Math.fround;
  const scale = f(pre.rescale_factor);
  for (let b = 0; b < B; b++) {
    const rgb = rgbList[b];
    for (let k = 0; k < 3; k++) {
      const m = f(pre.image_mean[k]),
        s = f(pre.image_std[k]);
      for (let i = 0; i < H * W; i++) {
        out[(b * 3 + k) * H * W + i] = f(f(f(rgb[i * 3 + k] * scale) - m) / s);
      }
    }
  }
  return new ort.Tensor('float32', out, [B, 3, H, W]);
}

const opts = { intraOpNumThreads: 2, interOpNumThreads: 1 };
const vision = await ort.InferenceSession.create(path.join(modelDir, 'vision_model.onnx'), opts);
const decoder = await ort.InferenceSession.create(path.join(modelDir, 'text_decoder_model.onnx'), opts);
console.log('vision inputs', vision.inputNames, '-> outputs', vision.outputNames);
console.log('decoder inputs', decoder.inputNames, '-> outputs', decoder.outputNames);

async function greedy(rgbList, maxLen = 24) {
  const B = rgbList.length;
  const enc = (await vision.run({ pixel_values: preprocess(rgbList) })).last_hidden_state;
  const seqs = Array.from({ length: B }, () => [BOS]);
  const done = new Array(B).fill(false);
  const gaps = new Array(B).fill(Infinity);
  for (let step = 0; step < maxLen && !done.every(Boolean); step++) {
    const T = seqs[0].length;
    const ids = BigInt64Array.from(seqs.flat().map(BigInt));
    const feeds = {
      input_ids: new ort.Tensor('int64', ids, [B, T]),
      attention_mask: new ort.Tensor('int64', new BigInt64Array(B * T).fill(1n), [B, T]),
      encoder_hidden_states: enc,
    };
    if (decoder.inputNames.includes('encoder_attention_mask')) {
      const N = enc.dims[1];
      feeds.encoder_attention_mask = new ort.Tensor('int64', new BigInt64Array(B * N).fill(1n), [B, N]);
    }
    const logits = (await decoder.run(feeds)).logits;
    const V = logits.dims[2];
    for (let b = 0; b < B; b++) {
      if (done[b]) {
        seqs[b].push(PAD);
        continue;
      }
      const row = logits.data.subarray((b * T + T - 1) * V, (b * T + T) * V);
      let best = 0,
        second = -1;
      for (let v = 1; v < V; v++) {
        if (row[v] > row[best]) {
          second = best;
          best = v;
        } else if (second < 0 || row[v] > row[second]) second = v;
      }
      gaps[b] = Math.min(gaps[b], row[best] - row[second]);
      seqs[b].push(best);
      if (best === SEP) done[b] = true;
    }
  }
  return seqs.map((s, b) => {
    const out = [];
    for (const t of s.slice(1)) {
      if (t === SEP || t === PAD) break;
      out.push(t);
    }
    return { ids: out, minGap: gaps[b] };
  });
}

let failures = 0;
const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

// 1. shipped samples
const samplesPath = path.join(samplesDir, 'samples.json');
if (fs.existsSync(samplesPath)) {
  const doc = readJson(samplesPath);
  const imgs = doc.samples.map((s) => {
    const png = decodePng(fs.readFileSync(path.join(samplesDir, s.file)));
    if (png.w !== W || png.h !== H) throw new Error(`${s.file}: ${png.w}x${png.h}, expected ${W}x${H}`);
    return png.rgb;
  });
  const res = await greedy(imgs);
  let ok = 0;
  doc.samples.forEach((s, i) => {
    const good = same(res[i].ids, s.float32.token_ids);
    ok += good;
    const tag = s.pinned_near_tie ? ' [near tie]' : '';
    if (!good) {
      failures++;
      console.log(`MISMATCH ${s.file}${tag}: onnx '${decodeIds(res[i].ids)}' torch '${s.float32.caption}'`);
    } else if (s.pinned_near_tie) {
      console.log(
        `  ok ${s.file}${tag}: '${decodeIds(res[i].ids)}' (min top-2 logit gap ${res[i].minGap.toFixed(5)}; bf16 says '${s.bf16.caption}')`,
      );
    }
    if (good && decodeIds(res[i].ids) !== s.float32.caption) {
      failures++;
      console.log(`DECODE MISMATCH ${s.file}: '${decodeIds(res[i].ids)}' vs '${s.float32.caption}'`);
    }
  });
  console.log(`samples: ONNX == torch float32 on ${ok}/${doc.samples.length}`);
} else console.log('no samples.json at', samplesPath);

// 2. the 500 held-out scenes
const reportPath = path.join(modelDir, 'eval-report.json');
const rawPath = path.join(evalDir, 'test_images.u8');
if (fs.existsSync(reportPath) && fs.existsSync(rawPath)) {
  const rep = readJson(reportPath);
  const raw = fs.readFileSync(rawPath);
  const n = rep.samples.length,
    size = H * W * 3;
  if (raw.length !== n * size) throw new Error(`test_images.u8 has ${raw.length} bytes, expected ${n * size}`);
  let ok = 0,
    okRef = 0;
  for (let s = 0; s < n; s += 50) {
    const idx = [...Array(Math.min(50, n - s)).keys()].map((k) => s + k);
    const res = await greedy(idx.map((i) => new Uint8Array(raw.buffer, raw.byteOffset + i * size, size)));
    idx.forEach((i, k) => {
      const e = rep.samples[i];
      if (same(res[k].ids, e.float32_ids)) ok++;
      else {
        failures++;
        console.log(`MISMATCH test #${i}: onnx '${decodeIds(res[k].ids)}' torch '${e.float32}'`);
      }
      okRef += decodeIds(res[k].ids) === e.reference;
    });
  }
  console.log(`held-out: ONNX == torch float32 on ${ok}/${n}; ONNX exact vs reference ${okRef}/${n}`);
} else console.log('no eval-report.json / test_images.u8: run evaluate.py for the 500-scene check');

if (failures) {
  console.log(`FAILED: ${failures} mismatches`);
  process.exit(1);
}
console.log('OK');
