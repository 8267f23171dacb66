import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import type { Plugin } from 'vite'

const brotli = promisify(brotliCompress)
const gzipAsync = promisify(gzip)

/** Text formats worth compressing; fonts (woff2) and images are compressed already. */
const COMPRESSIBLE = /\.(js|mjs|css|html|json|svg|txt|xml|map)$/
/** Below this, the compressed copy saves less than its extra headers cost. */
const MIN_BYTES = 1024

/**
 * Writes a Brotli (`.br`) and a gzip (`.gz`) copy beside every compressible file
 * of the build, once, at build time, so the server sends them without compressing per request
 * (`@fastify/static` with `preCompressed`, server/src/plugins/clientApp.ts). A copy that would
 * not be smaller is not written.
 */
export function precompress(): Plugin {
  return {
    name: 'threatboard:precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const dir = options.dir ?? path.dirname(options.file ?? '')
      const files = Object.keys(bundle).filter((name) => COMPRESSIBLE.test(name))
      await Promise.all(
        files.map(async (name) => {
          const file = path.join(dir, name)
          const content = await readFile(file)
          if (content.length < MIN_BYTES) return
          const [br, gz] = await Promise.all([
            brotli(content, {
              params: {
                // 10, not the maximum 11: on the tldraw chunk 11 saves under 2 % and takes 4×
                // as long (~6.5 s against ~1.5 s on a 2-core machine).
                [constants.BROTLI_PARAM_QUALITY]: 10,
                [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
              },
            }),
            gzipAsync(content, { level: 9 }),
          ])
          if (br.length < content.length) await writeFile(`${file}.br`, br)
          if (gz.length < content.length) await writeFile(`${file}.gz`, gz)
        }),
      )
    },
  }
}
