// Only for the tests of app/models/blip-hub (edited on another branch): the Node-only helper
// under its old path. Delete once their imports name app/onnx/node/ort-node.ts.
// eslint-disable-next-line no-restricted-imports -- Node-only itself (blip-hub's tests are its only importers), a re-export of the Node-only module
export { maxAbsDiff } from './node/ort-node.ts';
