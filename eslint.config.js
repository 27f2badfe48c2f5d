// typescript-eslint + import boundaries: folders are named by where their code may run.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import i18nRules from './eslint-rules/no-literal-ui-string.js';
import { untranslatedViews } from './eslint-rules/untranslated-views.js';

const nodeBuiltins = { group: ['node:*', 'fs', 'path', 'os', 'child_process', 'net', 'tls', 'http'], message: 'This folder runs without Node: no Node built-ins.' };
const electronModule = { name: 'electron', message: "Only electron/main.ts and electron/preload.ts import 'electron'.", allowTypeImports: true };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', performance: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', __dirname: 'readonly', structuredClone: 'readonly', queueMicrotask: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-control-regex': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'shared/ is imported by everyone: no Electron.' }], patterns: [nodeBuiltins, { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ imports nothing from electron/ or renderer/.' }] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { window: 'readonly', document: 'readonly', location: 'readonly', sessionStorage: 'readonly', localStorage: 'readonly', WebSocket: 'readonly', navigator: 'readonly', requestAnimationFrame: 'readonly', cancelAnimationFrame: 'readonly', Blob: 'readonly', HTMLElement: 'readonly', HTMLDivElement: 'readonly', Image: 'readonly', XMLSerializer: 'readonly' } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'The renderer talks to the main side only through the contract.' }], patterns: [nodeBuiltins, { group: ['**/electron/**'], message: 'The renderer never imports main-side code; use the contract (renderer/api.ts via the stores).' }] }],
    },
  },
  {
    // Every string a person reads in the app comes from shared/i18n's catalogue.
    files: ['renderer/**/*.tsx'],
    ignores: ['renderer/**/*.test.tsx', ...untranslatedViews],
    plugins: { i18n: i18nRules },
    rules: { 'i18n/no-literal-ui-string': 'error' },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main.ts', 'electron/preload.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronModule] }] },
  },
  {
    files: ['electron/at/**/*.ts', 'electron/serial/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronModule], patterns: [{ group: ['**/quectel/**', '**/quectel'], message: 'The AT engine knows nothing of MQTT: at/ never imports quectel/.' }] }] },
  },
  {
    files: ['electron/simulator/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronModule], patterns: [{ group: ['**/quectel/**', '**/at/framer', '**/at/engine'], message: 'The simulator is written from the spec, not from the host parsers (a parser bug must not be tested against itself).' }] }] },
  },
);
