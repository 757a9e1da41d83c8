// Only for the tests of app/models/blip-hub (edited on another branch): the Node-only PNG
// decoder under its old path. Delete once their imports name app/onnx/node/png-decode.ts.
// eslint-disable-next-line no-restricted-imports -- Node-only itself (blip-hub's tests are its only importers), a re-export of the Node-only module
export { decodePng } from './node/png-decode.ts';
