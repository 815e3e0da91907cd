// ESLint as a security-minded user sets it up: eslint:recommended plus the recommended configs of
// eslint-plugin-security and eslint-plugin-sonarjs, with the typescript-eslint parser for
// TypeScript (no type information: no tsconfig project, as for any folder ESLint is pointed at,
// so sonarjs rules that need types stay silent). Copied next to the installed peers
// (bench/.cache/peers) by the bench so the imports resolve there.
import js from '@eslint/js';
import security from 'eslint-plugin-security';
import sonarjs from 'eslint-plugin-sonarjs';
import tseslint from 'typescript-eslint';

export default [
  { files: ['**/*.{js,mjs,cjs,jsx}'], languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
  { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tseslint.parser } },
  js.configs.recommended,
  security.configs.recommended,
  sonarjs.configs.recommended,
  { linterOptions: { reportUnusedDisableDirectives: 'off' } },
];
