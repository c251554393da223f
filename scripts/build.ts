/**
 * npm run build: the server as production runs it, in dist/.
 *
 * Loading the app's modules one by one (resolving, reading and compiling some
 * 500 files of Fastify, Nunjucks, Ajv and the rest) was most of the time to
 * the first response. esbuild bundles src/server.ts and src/healthcheck.ts with
 * their dependencies into a few files; the PNG renderer's thread (the
 * rasterizer and the font reader) is an entry point of its own, so a server
 * that never draws a picture never reads it. The templates are compiled here, once,
 * and the bundle carries them as JavaScript (see src/http/rendering/views.ts).
 *
 * Node's own modules are taken with require(), even where our code imports
 * them: an ES import of a built-in makes Node 22+ build a module facade that
 * reads every export, and node:http's include fetch's classes, so importing
 * it loads undici (some 60 to 150 ms of the start on Node 24) for a server
 * that never calls fetch.
 *
 * Type checking is `npm run typecheck`; esbuild only strips the types.
 */
import { rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build, type Plugin } from 'esbuild'
import { precompiledTemplatesModule } from '../src/http/rendering/views.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** src/http/rendering/precompiled-templates.ts says "none" in development; the bundle gets them all. */
const precompiledTemplates: Plugin = {
  name: 'precompiled-templates',
  setup (build) {
    build.onLoad({ filter: /[/\\]precompiled-templates\.ts$/ }, () => ({ contents: precompiledTemplatesModule(), loader: 'js' }))
  }
}

const builtinsByRequire: Plugin = {
  name: 'builtins-by-require',
  setup (build) {
    build.onResolve({ filter: /^node:/ }, ({ path, kind }) => kind === 'import-statement' ? { path, namespace: 'builtin' } : undefined)
    build.onLoad({ filter: /.*/, namespace: 'builtin' }, ({ path }) => ({ contents: `module.exports = require(${JSON.stringify(path)})`, loader: 'js' }))
  }
}

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true })
await build({
  absWorkingDir: ROOT,
  // The PNG renderer's thread is started from its own file (src/image/png-worker.ts).
  entryPoints: ['server', 'healthcheck', 'image/render-worker'].map((name) => ({ in: `src/${name}.ts`, out: name.replace(/.*\//, '') })),
  outdir: 'dist',
  // Chunks sit beside the entry points, so paths relative to a module (../views/) hold for all.
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  // A native addon, loaded from node_modules on the first PNG.
  // The OpenTelemetry SDK stays in node_modules, read only when tracing is on
  // (src/tracing.ts). Its API is bundled as before: prom-client reads it.
  external: ['@resvg/resvg-js', '@fastify/otel', '@opentelemetry/sdk-trace-node', '@opentelemetry/exporter-trace-otlp-http', '@opentelemetry/resources'],
  // CommonJS dependencies inside an ES module bundle still call require().
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  // Less to parse at start-up; names stay, so stack traces in the logs still read.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  plugins: [precompiledTemplates, builtinsByRequire],
  logLevel: 'warning'
})
