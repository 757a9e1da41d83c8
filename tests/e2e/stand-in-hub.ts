// A stand-in Hugging Face Hub on loopback, in the Hub's URL layout
// (`/{owner}/{name}/resolve/{revision}/{file}`, CORS headers), serving the
// shared micro BLIP (`../shared/hf-blip/micro-a`, written by transformers
// 4.27.1) in place, read-only. Repos:
//   test/micro-a       every file
//   test/micro-a-bin   no model.safetensors (404: the loader falls back to pytorch_model.bin)
//   test/gated         401 for everything (a gated or private repo)
//   test/cut           model.safetensors cut off halfway (Content-Length promises all of it)
//   Salesforce/blip-image-captioning-base   the micro BLIP again, under the chapter's repo id, as
//                      a school server mirroring the Hub would serve it (the lesson's cells use that id)
//   test/slow          every file, model.safetensors trickled (32 KB every `slowMs`, default 100 ms:
//                      about 3.3 s), so a progress bar can be seen moving and a Cancel lands mid-download
// plus the same files as a plain folder at /folders/micro-a/{file}, and `down`
// (every connection dropped, as an unreachable host). Started by the spec
// that needs it, so other specs do not pay for it.
import { readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { sharedHfBlipDir } from '../../app/models/hub/shared-blip.node.ts';

// E2E_HUB_PORT lets parallel runs on one machine use their own port (as E2E_PORT does).
export const HUB_PORT = Number(process.env.E2E_HUB_PORT ?? 4417);
const FILES = new Set([
  'config.json',
  'preprocessor_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'special_tokens_map.json',
  'vocab.txt',
  'model.safetensors',
  'pytorch_model.bin',
]);

export interface StandInHub {
  readonly url: string;
  /** Paths requested, in order. */
  readonly requests: string[];
  /** Drop every connection (the Hub unreachable) until set back to false. */
  down: boolean;
  /** test/slow's model.safetensors: ms between 32 KB chunks. */
  slowMs: number;
  close(): Promise<void>;
}

export async function startStandInHub(host = '127.0.0.1'): Promise<StandInHub> {
  const dir = join(sharedHfBlipDir(), 'micro-a');
  const state = { requests: [] as string[], down: false, slowMs: 100 };
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    state.requests.push(path);
    if (state.down) {
      req.socket.destroy();
      return;
    }
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Expose-Headers', 'Content-Length');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    const hub = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/([^/]+)$/.exec(path);
    const folder = /^\/folders\/micro-a\/([^/]+)$/.exec(path);
    const repo = hub?.[1] ?? (folder !== null ? 'folder' : null);
    const file = hub?.[3] ?? folder?.[1] ?? '';
    if (repo === 'test/gated') {
      res
        .writeHead(401, { 'Content-Type': 'text/plain' })
        .end('Access to model test/gated is restricted. You must be authenticated to access it.');
      return;
    }
    const known =
      repo === 'folder' ||
      repo === 'test/micro-a' ||
      repo === 'test/micro-a-bin' ||
      repo === 'test/cut' ||
      repo === 'test/slow' ||
      repo === 'Salesforce/blip-image-captioning-base';
    if (!known || !FILES.has(file) || (repo === 'test/micro-a-bin' && file === 'model.safetensors')) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end(known ? 'Entry not found' : 'Repository not found');
      return;
    }
    const body = readFileSync(join(dir, file));
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(body.length) });
    if (repo === 'test/cut' && file === 'model.safetensors') {
      // Half the file, then the connection drops.
      res.write(body.subarray(0, body.length >> 1), () => res.socket?.destroy());
      return;
    }
    if (repo === 'test/slow' && file === 'model.safetensors') {
      trickle(res, body, () => state.slowMs);
      return;
    }
    res.end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(HUB_PORT, host, resolve);
  });
  return {
    url: `http://${host}:${HUB_PORT}`,
    requests: state.requests,
    get down() {
      return state.down;
    },
    set down(v: boolean) {
      state.down = v;
    },
    get slowMs() {
      return state.slowMs;
    },
    set slowMs(v: number) {
      state.slowMs = v;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends `body` 32 KB at a time, `delay()` ms apart; stops when the client goes away (a Cancel). */
function trickle(res: ServerResponse, body: Buffer, delay: () => number): void {
  const CHUNK = 32 * 1024;
  let at = 0;
  const next = (): void => {
    if (res.destroyed) return;
    const end = Math.min(body.length, at + CHUNK);
    const last = end === body.length;
    res.write(body.subarray(at, end));
    at = end;
    if (last) res.end();
    else setTimeout(next, delay());
  };
  next();
}
