// BlipHubModel's WebAssembly vision encoder against the preview build (tests in blip-wasm-engine.ts).
import { blipWasmEngineTests } from './blip-wasm-engine.ts';

blipWasmEngineTests(/^\/assets\/linear-worker-[\w-]+\.js$/);
