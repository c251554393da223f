// The Fastify ecosystem's style: neostandard, with TypeScript (`npm run lint`, part of `npm test`).
import neostandard, { resolveIgnoresFromGitignore } from 'neostandard'

export default [
  ...neostandard({ ts: true, ignores: resolveIgnoresFromGitignore() }),
  {
    rules: {
      // Matching control characters is the point where we do it: the rule that refuses
      // them in messages, and ANSI escape sequences.
      'no-control-regex': 'off',
      // TypeBox declares a schema and its type under one name; tsc refuses real redeclarations.
      '@typescript-eslint/no-redeclare': 'off'
    }
  },
  {
    // The suites assert on `${VARIABLE}` written literally in docker-compose.yml and the Dockerfile.
    files: ['test/**/*.ts'],
    rules: { 'no-template-curly-in-string': 'off' }
  },
  {
    // The browser's scripts: plain ES modules served from public/js/.
    files: ['public/js/**/*.js'],
    languageOptions: {
      globals: Object.fromEntries(['window', 'document', 'navigator', 'fetch', 'AbortController', 'URL', 'URLSearchParams', 'Element', 'HTMLElement', 'DOMParser', 'setTimeout', 'clearTimeout', 'console'].map((name) => [name, 'readonly']))
    }
  }
]
