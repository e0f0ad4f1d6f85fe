// ESLint flat config: type-checked typescript-eslint rules everywhere, plus the boundaries of the design
// (architecture.md section 5): the purchase machine and the contracts are pure, and apps never import apps.
import js from '@eslint/js';
import * as espree from 'espree';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'node_modules/**', '.kafka/**', '.local/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Nest modules are classes with decorators and no members.
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
  {
    // Apps never import apps; they share through libs. The launcher is the composition root (docs/adr/0003).
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['apps/launcher/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/apps/**', '../../*/src/**', '../../../*/src/**', '../../../../*/src/**'],
              message: 'Apps never import apps, and libs never import apps; share through libs.',
            },
          ],
        },
      ],
    },
  },
  {
    // Plain JavaScript tools run before any build; they are not part of the TypeScript program.
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.{js,cjs}'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Scripts that run in a portal page (and the app stand-in the tests load into one): classic browser scripts.
    files: ['apps/portal-gateway/public/**/*.js', 'test/support/mobile-plans-app/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser } },
  },
  {
    // The portal-side script runs in the Mobile Plans app's WebView: ES5 syntax only (ESLint's own parser checks it).
    files: ['apps/portal-gateway/public/**/*.js'],
    languageOptions: { parser: espree, ecmaVersion: 5, globals: { Promise: 'readonly' } },
    // An ES5 catch clause must name its error even where it is not used.
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'off',
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // The purchase machine, the contracts, the SIM rules and the ES2+ messages are pure: no framework, no I/O, no clock, no randomness (G10).
    files: [
      'libs/purchase-machine/**/*.ts',
      'libs/contracts/**/*.ts',
      'libs/sim/**/*.ts',
      'libs/es2plus/**/*.ts',
    ],
    ignores: [
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
      'libs/contracts/scripts/**',
      'libs/purchase-machine/scripts/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Pure code: no Node builtins.' })),
          patterns: [
            {
              group: [
                '@nestjs/*',
                'kafkajs',
                'typeorm',
                'pg',
                '@mp/event-log',
                '@mp/database',
                '@mp/platform',
                '@mp/config',
              ],
              message: 'Pure code: no framework, Kafka, ORM or I/O.',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Date',
          property: 'now',
          message: 'Time arrives in inputs, never from the clock.',
        },
        {
          object: 'Math',
          property: 'random',
          message: 'Ids arrive in inputs, never from randomness.',
        },
        {
          object: 'crypto',
          property: 'randomUUID',
          message: 'Ids arrive in inputs, never from randomness.',
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Time arrives in inputs, never from the clock.',
        },
        {
          selector: "CallExpression[callee.name='Date']",
          message: 'Time arrives in inputs, never from the clock.',
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'Pure code: no process.' },
        { name: 'setTimeout', message: 'Delays become durable timer events.' },
        { name: 'setInterval', message: 'Delays become durable timer events.' },
        { name: 'fetch', message: 'Pure code: no I/O.' },
        { name: 'performance', message: 'Time arrives in inputs.' },
      ],
    },
  },
  prettier,
);
