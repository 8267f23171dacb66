// The server's CPU per HTTP request (issue 13): the real server as `pnpm start` runs it (the
// bundle and its flags, SQLite in a temp dir), one checkout or two alternated, and a load of
// GET requests over keep-alive connections from this process. For each route it reports the
// server's CPU time per request (user + system, read from /proc before and after) and the
// requests per second the load reached; each route is warmed first.
//
//   node bench/httpRequests.ts [--checkout DIR[,DIR2]] [--runs 3] [--requests 20000]
//                              [--concurrency 16] [--routes /healthz,/,/api/templates]
//
// Build each checkout first (`pnpm build`; `/` needs its built client, or one named in
// CLIENT_DIST for all). Rate limits are raised as in the other benchmarks. Linux only (/proc).
import path from 'node:path'
import { parseArgs } from 'node:util'
import { Agent, get } from 'node:http'
import { RAISED_RATE_LIMITS } from './benchClient.ts'
import { cpuMs, machine, startBenchServer, startCommand } from './benchServer.ts'

const repo = path.join(import.meta.dirname, '..')
const { values: opts } = parseArgs({
  options: {
    checkout: { type: 'string', default: repo },
    runs: { type: 'string', default: '3' },
    requests: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '16' },
    routes: { type: 'string', default: '/healthz,/,/api/templates' },
  },
})
const checkouts = opts.checkout.split(',').map((c) => path.resolve(c))
const RUNS = Number(opts.runs)
const REQUESTS = Number(opts.requests)
const CONCURRENCY = Number(opts.concurrency)
const routes = opts.routes.split(',')

/** One GET; rejects unless it answers 200. The body is read and dropped. */
function getOnce(agent: Agent, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    get(url, { agent }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`${url}: HTTP ${res.statusCode}`))
      res
        .on('end', () => resolve())
        .on('error', reject)
        .resume()
    }).on('error', reject)
  })
}

async function load(agent: Agent, url: string, count: number): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < count) {
      next++
      await getOnce(agent, url)
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
}

const rows: string[] = []
console.log(`# ${new Date().toISOString()} · ${machine()} · Node ${process.version}`)
for (let run = 0; run < RUNS; run++) {
  // Alternated: the first checkout first on even runs, last on odd ones.
  const order = run % 2 === 0 ? checkouts : [...checkouts].reverse()
  for (const checkout of order) {
    const { flags, entry } = startCommand(checkout)
    const server = await startBenchServer(RAISED_RATE_LIMITS, entry, flags)
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })
    try {
      for (const route of routes) {
        const url = server.base + route
        await load(agent, url, 2000)
        const cpu0 = cpuMs(server.pid)
        const t0 = performance.now()
        await load(agent, url, REQUESTS)
        const seconds = (performance.now() - t0) / 1000
        const cpuPerRequest = ((cpuMs(server.pid) - cpu0) * 1000) / REQUESTS
        const row = `| ${path.basename(checkout)} | ${route} | ${run + 1} | ${cpuPerRequest.toFixed(1)} | ${Math.round(REQUESTS / seconds)} |`
        rows.push(row)
        console.log(row)
      }
    } finally {
      agent.destroy()
      await server.stop()
    }
  }
}
console.log('\n| checkout | route | run | server CPU µs/request | requests/s |')
console.log('|---|---|---|---|---|')
for (const row of rows) console.log(row)
