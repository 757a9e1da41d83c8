// The folder graph of app/ and the rules that keep it: `npm run lint` runs
// `depcruise app --config .dependency-cruiser.mjs`. Why dependency-cruiser: it resolves each
// import to the file it names (so a rule is about folders, not about how a path is spelled),
// and checks the folder order and import cycles in one pass. app/CONTEXT.md explains the graph;
// app/folder-graph.test.ts runs these rules on small trees to show that they fail.

/**
 * Each node of the graph: the files it holds (a regular expression on the path from the repo
 * root) and the nodes its files may import. A folder may always import itself; every arrow
 * points down, and the graph has no cycle (the test checks). The shell (app/*.tsx: main.tsx,
 * App.tsx) composes every screen and may import anything.
 */
export const FOLDER_GRAPH = {
  shared: { files: '^app/shared/', mayImport: [] },
  lesson: { files: '^app/lesson/', mayImport: ['shared'] },
  // Hand-written WebAssembly kernels (nn.Linear in fp32), for the kernel's worker; models/blip-hub's
  // WasmVisionEncoder builds on them (not used by the app's run() yet).
  wasm: { files: '^app/wasm/', mayImport: ['shared'] },
  torch: { files: '^app/torch/', mayImport: ['shared'] },
  onnx: { files: '^app/onnx/', mayImport: ['torch', 'shared'] },
  models: { files: '^app/models/', mayImport: ['onnx', 'torch', 'wasm', 'shared'] },
  offline: { files: '^app/offline/', mayImport: ['models', 'shared'] },
  // The kernel's contract, seen by the page, the frame and the worker: its top-level files, and
  // the frame's own contract (which site hosts it, its messages), which still sit in frame/.
  kernel: { files: '^app/kernel/([^/]+|frame/(origin|protocol)\\.ts)$', mayImport: ['offline', 'shared'] },
  'kernel/compile': { files: '^app/kernel/compile/', mayImport: ['kernel', 'shared'] },
  'kernel/runtime': { files: '^app/kernel/runtime/', mayImport: ['kernel/compile', 'kernel', 'models', 'offline', 'torch', 'shared'] },
  'kernel/client': { files: '^app/kernel/client/', mayImport: ['kernel', 'offline', 'models', 'shared'] },
  'kernel/frame': { files: '^app/kernel/frame/(?!(origin|protocol)\\.ts$)', mayImport: ['kernel/client', 'kernel', 'shared'] },
  figures: { files: '^app/figures/', mayImport: ['lesson', 'torch', 'shared'] },
  notebook: { files: '^app/notebook/', mayImport: ['kernel/client', 'kernel', 'figures', 'lesson', 'shared'] },
  export: { files: '^app/export/', mayImport: ['notebook', 'kernel', 'figures', 'lesson', 'shared'] },
  ui: {
    files: '^app/ui/',
    mayImport: ['export', 'notebook', 'kernel/frame', 'kernel/client', 'kernel', 'offline', 'figures', 'lesson', 'torch', 'shared'],
  },
  presenter: { files: '^app/presenter/', mayImport: ['ui', 'export', 'notebook', 'kernel', 'figures', 'lesson', 'shared'] },
  lab: { files: '^app/lab/', mayImport: ['ui', 'notebook', 'kernel/client', 'kernel', 'models', 'onnx', 'offline', 'torch', 'shared'] },
  shell: { files: '^app/[^/]+$', mayImport: '*' },
};

/**
 * Arrows up the graph that another change removes; each is named exactly, so nothing else can
 * hide behind it. Delete an entry when its arrow is gone.
 */
export const KNOWN_UPWARD = [
  // none now (the model reorg removed the last two)
];

/** Tests, Node-only fixtures and helpers may set up anything; the graph is about what ships. */
const TESTS = '\\.test\\.tsx?$';

/** dependency-cruiser rules for a folder graph (exported for the test, which builds them for its own trees). */
export function folderRules(graph = FOLDER_GRAPH, knownUpward = KNOWN_UPWARD) {
  const nodes = Object.entries(graph);
  const order = nodes
    .filter(([, node]) => node.mayImport !== '*')
    .flatMap(([name, node]) => {
      // a known upward arrow leaves this node's files: allowed from exactly its own files
      const known = knownUpward.filter((k) => k.from.startsWith(node.files));
      const rule = {
        name: `folder-order: ${name}`,
        comment: `${name} may import only ${node.mayImport.join(', ') || 'itself'} (the folder graph in .dependency-cruiser.mjs, app/CONTEXT.md)`,
        severity: 'error',
        from: { path: node.files, pathNot: TESTS },
        to: { path: '^app/', pathNot: [node.files, ...node.mayImport.map((n) => graph[n].files), ...known.map((k) => k.to)] },
      };
      const elsewhere = known.map((k) => ({ ...rule, from: { path: node.files, pathNot: [TESTS, k.from] }, to: { path: k.to } }));
      return [rule, ...elsewhere];
    });
  return [
    ...order,
    {
      name: 'folder-order: every folder is in the graph',
      comment: 'a file of app/ in no node of FOLDER_GRAPH (add its folder there, with what it may import)',
      severity: 'error',
      from: { path: '^app/', pathNot: [TESTS, ...nodes.map(([, node]) => node.files)] },
      to: {},
    },
    {
      name: 'app imports only app and packages',
      comment: 'app/ ships to the browser: it may not import scripts/, tests/, bench/ or the repo root',
      severity: 'error',
      from: { path: '^app/', pathNot: TESTS },
      to: { path: '^(?!app/|node_modules/)', couldNotResolve: false, dependencyTypesNot: ['core'] },
    },
    {
      name: 'no-cycle',
      comment: 'an import cycle: modules that evaluate in an order nobody chose (type-only imports do not count)',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ];
}

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: folderRules(),
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^app/kernel/compile/fixtures/' },
    // type-only imports are dependencies too (marked, so the cycle rule can skip them)
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs'] },
  },
};
