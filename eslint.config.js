import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** Modules that run only in Node (tests, bench, scripts): fixtures on disk, onnxruntime-node, golden files. */
const NODE_ONLY = [
  'app/onnx/node/fixtures.ts',
  'app/onnx/node/ort-node.ts',
  'app/onnx/node/png-decode.ts',
  'app/models/ocr/node/ocr-fixtures.ts',
  'app/models/blip-hub/node-runtime.ts',
  'app/models/blip-hub/hf-blip-fixture.ts',
  'app/models/hub/shared-blip.node.ts',
  'app/models/image/png-encode.node.ts',
  'app/torch/golden-io.ts',
  'app/torch/ops-golden.ts',
  'app/torch/quant/testing.ts',
  'app/torch/reduce-goldens.ts',
  'app/wasm/thread-workers.ts',
  'app/wasm/thread-worker-entry.ts',
];

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'dist-*/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      'public/',
      'models/',
      'app/kernel/compile/fixtures/',
      'bench-results/',
      '.scratch/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node, ...globals.worker },
      // Type information for the one rule that needs it (switch exhaustiveness).
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js', '.dependency-cruiser.mjs', 'scripts/tiny_blip/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: false, requireDefaultForNonUnion: false },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },

  // Node-only modules (test helpers, fixtures, onnxruntime-node): browser code may not import them,
  // so a bundle never pulls in node: built-ins. Tests, scripts and bench may.
  {
    files: ['app/**/*.{ts,tsx}'],
    ignores: ['app/**/*.test.ts', ...NODE_ONLY],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'onnxruntime-node'],
              message: 'Node-only: app code runs in the browser (tests, scripts and bench may use it).',
            },
            {
              group: NODE_ONLY.map((f) => `**/${f.split('/').at(-1)}`),
              message: 'a Node-only module (see NODE_ONLY in eslint.config.js): not for browser code.',
            },
          ],
        },
      ],
    },
  },
);
