// Type-aware lint. Layer boundaries are enforced here with messages that explain why.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layer = (files, forbidden, why) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: forbidden.map((group) => ({ group: [group, `${group}/*`], message: why })) }],
  },
});

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'bin/**', 'scripts/**', '**/*.mjs', '**/*.js', 'packages/web/vite.config.ts', 'vitest.config.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.test.ts', 'test/**', 'e2e/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  layer(['packages/contract/**'], ['@biaozhu/core', '@biaozhu/storage', '@biaozhu/server', '@biaozhu/cli', '@biaozhu/web'],
    'contract is shared by every layer and depends on none of them.'),
  {
    // label-types is the base of the label config (contract re-exports it) and its main entry is loaded by the server.
    files: ['packages/label-types/src/**/*.ts'],
    ignores: ['packages/label-types/src/views.ts', 'packages/label-types/src/view-kit.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{
        group: ['react', 'react/*', '@biaozhu/*', '**/view', '**/view.js', '**/views', '**/views.js', '**/view-kit', '**/view-kit.js'],
        message: "the server loads @biaozhu/label-types: keep React and the views out of it (they belong in a type's view.tsx, exported through views.ts), and depend on no other Biaozhu package.",
      }] }],
    },
  },
  {
    // A type's view may import React and its own package only: never the web app, so it stays a folder of its type.
    files: ['packages/label-types/src/**/*.tsx', 'packages/label-types/src/views.ts', 'packages/label-types/src/view-kit.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{
        group: ['@biaozhu/*', '**/web/**', 'react-dom', 'react-dom/*', 'react-i18next', 'i18next'],
        message: 'a label type view imports only react and its own package: the workspace (packages/web) hands it the control, its items, onChange, words and key hints through ControlViewProps (view-kit.ts).',
      }] }],
    },
  },
  layer(['packages/storage/**'], ['@biaozhu/core', '@biaozhu/server', '@biaozhu/cli', '@biaozhu/web'],
    'storage is the bottom layer: core calls storage, never the other way.'),
  layer(['packages/core/**'], ['@biaozhu/server', '@biaozhu/cli', '@biaozhu/web', 'fastify'],
    'core is the domain: it never knows about HTTP or the CLI. Throw a DomainError; the server maps it to a status.'),
  layer(['packages/server/**'], ['@biaozhu/cli', '@biaozhu/web'],
    'server sits below the CLI and talks to the web app only over HTTP.'),
  layer(['packages/web/**'], ['@biaozhu/core', '@biaozhu/storage', '@biaozhu/server', '@biaozhu/cli'],
    'the web app reaches the server over HTTP only; share types through @biaozhu/contract.'),
);
