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
// plus the same files as a plain folder at /folders/micro-a/{file}, and `down`
// (every connection dropped, as an unreachable host). Started by the spec
// that needs it, so other specs do not pay for it.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { sharedHfBlipDir } from '../../app/models/hub/shared-blip.node.ts';

// E2E_HUB_PORT lets parallel runs on one machine use their own port (as E2E_PORT does).
export const HUB_PORT = Number(process.env.E2E_HUB_PORT ?? 4417);
const FILES = new Set(['config.json', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'vocab.txt', 'model.safetensors', 'pytorch_model.bin']);

export interface StandInHub {
  readonly url: string;
  /** Paths requested, in order. */
  readonly requests: string[];
  /** Drop every connection (the Hub unreachable) until set back to false. */
  down: boolean;
  close(): Promise<void>;
}

export async function startStandInHub(host = '127.0.0.1'): Promise<StandInHub> {
  const dir = join(sharedHfBlipDir(), 'micro-a');
  const state = { requests: [] as string[], down: false };
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
      res.writeHead(401, { 'Content-Type': 'text/plain' }).end('Access to model test/gated is restricted. You must be authenticated to access it.');
      return;
    }
    const known = repo === 'folder' || repo === 'test/micro-a' || repo === 'test/micro-a-bin' || repo === 'test/cut' || repo === 'Salesforce/blip-image-captioning-base';
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
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
