// Bundles the server into `server/dist/main.js` (plus chunks for what it imports on first use),
// which `pnpm start` and the Docker image run. One file instead of ~770 modules: Node's module
// loader (package.json lookups, per-module records and sources) is most of what a start
// allocates, and a start that allocates less stays smaller (bench/RESULTS.md, "One bundle").
//
//   node server/bundle.ts        (run by `pnpm build`)
//
// Worker threads are not bundled: `new URL('./x.ts', import.meta.url)` in a server module is
// rewritten to point at that module's source file, which a worker runs as the tests do. They
// start only for large compactions, imports and reports, and their dependencies (pdfkit reads
// its font metrics from files next to its own code) load as they would unbundled.
import { existsSync, rmSync } from 'node:fs'
import path from 'node:path'
import { build, type Plugin } from 'rolldown'

const SERVER = import.meta.dirname
const OUT = path.join(SERVER, 'dist')

/** A worker's URL, written relative to its module, made relative to the bundle instead. */
const WORKER_URL = /new URL\((['"])\.\/([\w-]+\.ts)\1,\s*import\.meta\.url\)/g

function workerUrlsFromSource(outDir: string): Plugin {
  return {
    name: 'threatboard-worker-urls',
    transform(code, id) {
      if (!id.startsWith(SERVER) || !code.includes('import.meta.url')) return null
      return code.replace(WORKER_URL, (_match, _quote: string, file: string) => {
        const source = path.join(path.dirname(id), file)
        if (!existsSync(source)) throw new Error(`${id}: worker ${file} not found`)
        const fromBundle = path.relative(outDir, source).split(path.sep).join('/')
        return `new URL(${JSON.stringify(fromBundle)}, import.meta.url)`
      })
    },
  }
}

export async function bundleServer(outDir = OUT): Promise<void> {
  rmSync(outDir, { recursive: true, force: true })
  await build({
    input: path.join(SERVER, 'src', 'main.ts'),
    platform: 'node',
    // The module tree as it is, dependencies included; Node's built-ins stay imports.
    external: [/^node:/],
    plugins: [workerUrlsFromSource(outDir)],
    logLevel: 'warn',
    // The rewrite changes a string on one line and no line breaks: the source map's lines hold.
    onLog(level, log, handler) {
      if (log.code === 'SOURCEMAP_BROKEN' && log.plugin === 'threatboard-worker-urls') return
      handler(level, log)
    },
    output: { dir: outDir, format: 'esm', sourcemap: true },
  })
}

if (import.meta.main) {
  const started = performance.now()
  await bundleServer()
  console.log(
    `server bundled into ${path.relative(process.cwd(), OUT) || '.'} in ${Math.round(performance.now() - started)} ms`,
  )
}
