import js from '@eslint/js'
import globals from 'globals'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/dist-test-*/**',
      '**/.tsbuild/**',
      'data/**',
      '.tools/**',
      '.test-results/**',
      '.stryker-tmp*/**',
      'reports/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Yjs's default guid costs 31 calls into the crypto RNG per document (bench/RESULTS.md,
    // 2 December): the server makes its documents with newDoc() from server/src/yDoc.ts.
    files: ['server/src/**/*.ts'],
    ignores: [
      'server/src/**/*.test.ts',
      'server/src/persistence/roomStoreContract.ts', // test support
      'server/src/yDoc.ts',
      'server/src/sync/modelProbe.ts', // a fixed guid of its own
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.object.name='Y'][callee.property.name='Doc']",
          message: 'Use newDoc() from server/src/yDoc.ts: Yjs draws a default guid slowly.',
        },
      ],
    },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
)
