// Lint rules that keep the architecture honest (see docs/architecture.md):
// core/ is pure, workflows/ are deterministic, no floating promises, no import cycles.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

const outsideCore = [
  '**/activities/**',
  '**/adapters/**',
  '**/api/**',
  '**/cli/**',
  '**/client/**',
  '**/config/**',
  '**/worker/**',
  '**/workflows/**',
  '**/scripts/**',
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.godocker/**',
      '.tools/**',
      'bin/**',
      'web/dist/**',
      // Vite's build configuration: import-x cannot resolve its ESM-only imports; tsc checks it.
      'web/vite.config.mts',
      'eslint.config.mjs',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', name: ['test', 'describe', 'it', 'suite'], package: 'node:test' },
          ],
        },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/require-await': 'off',
      'import-x/no-cycle': 'error',
      'no-console': 'error',
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: outsideCore, message: 'core/ is pure: it imports none of the other layers.' },
            {
              group: [
                '@temporalio/*',
                'express',
                'mysql2',
                'mysql2/*',
                'dockerode',
                'node:fs',
                'node:fs/*',
                'node:child_process',
                'node:net',
                'node:http',
              ],
              message: 'core/ does no I/O.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/activities',
                '**/activities/**',
                '**/adapters/**',
                '**/api/**',
                '**/worker/**',
                '**/config/**',
                'node:*',
                'dockerode',
                'mysql2',
                'express',
                '@temporalio/client',
                '@temporalio/worker',
                '@temporalio/activity',
              ],
              message: 'workflows/ are deterministic: import types only from other layers.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
