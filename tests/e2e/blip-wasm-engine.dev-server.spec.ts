// BlipHubModel's WebAssembly vision encoder against the dev server (Playwright project `dev`:
// its name ends in dev-server.spec.ts; tests in blip-wasm-engine.ts), where Vite serves
// app/wasm/linear-worker.ts unbundled.
import { blipWasmEngineTests } from './blip-wasm-engine.ts';

blipWasmEngineTests(/^\/app\/wasm\/linear-worker\.ts$/);
