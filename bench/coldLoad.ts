// Cold-load benchmark: what a person's browser downloads, and how long it waits, the first time
// it opens an invite link. Builds the client (unless --no-build), starts the real server (its own
// process, memory store), imports a realistic model through the API, then opens the editor's
// invite link `runs` times, each in a fresh Chromium context (empty cache and storage), then once
// more in the same context (warm: what the browser's cache saves). For each load: bytes received
// (CDP Network.loadingFinished encodedDataLength: headers and body as they came over the wire),
// requests that reached the server, the time from navigation start until the board is ready
// (connected and synced, every shape of the model on the canvas with its name drawn), and until
// the last HTTP request ended (settled).
// Usage: node bench/coldLoad.ts [runs=5] [--no-build] [--log]   (--log lists every request)
import { loadavg } from 'node:os'
import type { BrowserContext, CDPSession } from 'playwright-core'
import {
  buildClient,
  importThreatDragon,
  inviteLink,
  median,
  serveToBrowser,
} from './benchBrowser.ts'
import { machine } from './benchServer.ts'

const args = process.argv.slice(2)
const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 5)
const build = !args.includes('--no-build')
const showLog = args.includes('--log')

/** A billing system as a team would draw it: 7 elements in 2 trust boundaries, 8 flows, 6 threats. */
function billingModel() {
  const threat = (id: string, title: string, type: string, severity: string) => ({
    id,
    title,
    type,
    severity,
    status: 'Open',
    description: `${title}: how an attacker would do it, and what it costs us.`,
    mitigation: 'Authenticate the caller and validate what it sends.',
  })
  const node = (
    id: string,
    shape: string,
    type: string,
    name: string,
    x: number,
    y: number,
    threats: object[] = [],
  ) => ({
    id,
    shape,
    zIndex: 10,
    position: { x, y },
    size: { width: 160, height: 80 },
    data: { type, name, description: '', threats },
  })
  const flow = (id: string, from: string, to: string, name: string) => ({
    id,
    shape: 'flow',
    zIndex: 20,
    source: { cell: from },
    target: { cell: to },
    data: { type: 'tm.Flow', name, protocol: 'HTTPS', isEncrypted: true, threats: [] },
  })
  const boundary = (id: string, x: number, y: number, width: number, height: number) => ({
    id,
    shape: 'trust-boundary-box',
    zIndex: 1,
    position: { x, y },
    size: { width, height },
    data: { type: 'tm.BoundaryBox', name: '' },
  })
  const cells = [
    boundary('b-dmz', 260, 0, 520, 260),
    boundary('b-core', 260, 320, 820, 280),
    node('customer', 'actor', 'tm.Actor', 'Customer browser', 0, 80, [
      threat('t1', 'Session token stolen from the browser', 'Spoofing', 'High'),
    ]),
    node('web', 'process', 'tm.Process', 'Web shop', 320, 80, [
      threat('t2', 'Price changed in the checkout request', 'Tampering', 'High'),
    ]),
    node('billing', 'process', 'tm.Process', 'Billing service', 320, 400, [
      threat('t3', 'Invoice sent to the wrong customer', 'Information disclosure', 'Medium'),
      threat('t4', 'Refund issued twice', 'Tampering', 'High'),
    ]),
    node('db', 'store', 'tm.Store', 'Billing database', 600, 400, [
      threat('t5', 'Card data readable in backups', 'Information disclosure', 'High'),
    ]),
    node('queue', 'store', 'tm.Store', 'Invoice queue', 880, 400),
    node('psp', 'actor', 'tm.Actor', 'Payment provider', 900, 80, [
      threat('t6', 'Forged payment webhook', 'Spoofing', 'Critical'),
    ]),
    node('mailer', 'process', 'tm.Process', 'Mailer', 600, 80),
    flow('f1', 'customer', 'web', 'Checkout'),
    flow('f2', 'web', 'billing', 'Create invoice'),
    flow('f3', 'billing', 'db', 'Store invoice'),
    flow('f4', 'billing', 'queue', 'Queue invoice'),
    flow('f5', 'queue', 'mailer', 'Invoice e-mail'),
    flow('f6', 'web', 'psp', 'Charge request'),
    flow('f7', 'psp', 'billing', 'Payment webhook'),
    flow('f8', 'mailer', 'customer', 'Invoice'),
  ]
  return {
    version: '2.3.0',
    summary: { title: 'Billing system', owner: 'Platform team' },
    detail: { contributors: [], diagrams: [{ title: 'Billing', cells }] },
  }
}

interface NetworkEntry {
  url: string
  bytes: number
  encoding: string
  type: string
  /** Answered from the browser's cache: no request reached the server. */
  fromCache: boolean
}

interface RunResult {
  readyMs: number
  /** Main-thread task time until ready (CDP Performance TaskDuration), and the script part of it. */
  taskMs: number
  scriptMs: number
  /** Until the last HTTP request ended (fonts and icons fetched after the board was ready). */
  settledMs: number
  bytes: number
  requests: number
  /** URL, bytes, and the response's Content-Encoding, for the request log. */
  log: NetworkEntry[]
}

/** Records every request of a page through CDP; `idle()` resolves after `quietMs` with none open. */
async function recordNetwork(cdp: CDPSession) {
  const open = new Map<string, Omit<NetworkEntry, 'bytes'>>()
  const log: NetworkEntry[] = []
  let lastActivity = Date.now()
  // CDP timestamps (monotonic seconds): the first request's start and the last one's end.
  const span = { first: Infinity, last: 0 }
  await cdp.send('Network.enable')
  cdp.on('Network.requestWillBeSent', (e) => {
    if (/^(data|blob):/.test(e.request.url)) return
    span.first = Math.min(span.first, e.timestamp)
    open.set(e.requestId, {
      url: e.request.url,
      encoding: '',
      type: e.type ?? '',
      fromCache: false,
    })
    lastActivity = Date.now()
  })
  cdp.on('Network.responseReceived', (e) => {
    const entry = open.get(e.requestId)
    if (!entry) return
    const headers = Object.fromEntries(
      Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]),
    )
    entry.encoding = headers['content-encoding'] ?? ''
    if (e.response.fromDiskCache || e.response.fromPrefetchCache) entry.fromCache = true
  })
  cdp.on('Network.requestServedFromCache', (e) => {
    const entry = open.get(e.requestId)
    if (entry) entry.fromCache = true
  })
  const done = (requestId: string, bytes: number, timestamp: number) => {
    const entry = open.get(requestId)
    if (!entry) return
    open.delete(requestId)
    if (entry.type !== 'WebSocket') span.last = Math.max(span.last, timestamp)
    log.push({ ...entry, bytes })
    lastActivity = Date.now()
  }
  cdp.on('Network.loadingFinished', (e) => done(e.requestId, e.encodedDataLength, e.timestamp))
  cdp.on('Network.loadingFailed', (e) => done(e.requestId, 0, e.timestamp))
  return {
    log,
    /** Milliseconds from the first request's start to the last request's end. */
    settledMs: () => (span.last - span.first) * 1000,
    async idle(quietMs = 1000): Promise<void> {
      // The sync socket stays open for the page's life: only HTTP requests count here.
      while (
        [...open.values()].some((r) => r.type !== 'WebSocket') ||
        Date.now() - lastActivity < quietMs
      ) {
        await new Promise((r) => setTimeout(r, 50))
      }
    },
  }
}

const kB = (n: number) => (n / 1000).toFixed(1)

function kindOf(url: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(new URL(url).pathname)?.[1] ?? ''
  if (ext === 'js') return 'JavaScript'
  if (ext === 'css') return 'CSS'
  if (/^(woff2?|ttf|otf)$/.test(ext)) return 'fonts'
  if (ext === 'json') return 'translations (JSON)'
  if (ext === 'svg') return 'icons (SVG)'
  if (url.includes('/api/')) return 'API'
  return 'page and other'
}

/** Opens the link in a new page of `context`; resolves once the board is ready and the network quiet. */
async function openBoard(
  context: BrowserContext,
  link: string,
): Promise<{ result: RunResult; shapes: number }> {
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  const cdp = await context.newCDPSession(page)
  const network = await recordNetwork(cdp)
  await cdp.send('Performance.enable')
  await page.goto(link, { waitUntil: 'commit' })
  // Ready: the socket is live, the doc synced (the canvas only mounts then), and every shape
  // of the page is in the DOM with the elements' names drawn. performance.now() counts from
  // the navigation's start.
  const ready = await page.waitForFunction(
    () => {
      const live = document.querySelector('[data-testid="connection-status"][data-status="live"]')
      // The board puts its editor there for tests (client/src/board/Board.tsx).
      const editor = (window as { __tbEditor?: { getCurrentPageShapes(): { type: string }[] } })
        .__tbEditor
      if (!live || !editor) return false
      const shapes = editor.getCurrentPageShapes()
      const drawn = document.querySelectorAll('.tl-shape').length
      const names = [...document.querySelectorAll('[data-testid="dfd-node-name"]')].filter((el) =>
        el.textContent?.trim(),
      ).length
      const nodes = shapes.filter((s) => s.type === 'dfd-node').length
      return shapes.length > 0 && drawn >= shapes.length && names >= nodes
        ? [performance.now(), shapes.length]
        : false
    },
    undefined,
    { polling: 'raf', timeout: 60_000 },
  )
  const [readyMs, shapes] = (await ready.jsonValue()) as [number, number]
  // The page's main-thread work until ready, in CPU terms: unlike the wall-clock time, it hardly
  // grows when other processes compete for the cores.
  const { metrics } = await cdp.send('Performance.getMetrics')
  const seconds = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0
  // Whatever the page still fetches after that (late fonts, say) is part of the load.
  await network.idle()
  await page.close()
  if (errors.length) throw new Error(`page errors:\n${errors.join('\n')}`)
  const log = network.log.filter((r) => !r.fromCache)
  const result = {
    readyMs,
    taskMs: seconds('TaskDuration') * 1000,
    scriptMs: seconds('ScriptDuration') * 1000,
    settledMs: network.settledMs(),
    bytes: log.reduce((sum, r) => sum + r.bytes, 0),
    requests: log.length,
    log,
  }
  return { result, shapes }
}

const summary = (results: RunResult[]) => ({
  median: {
    readyMs: Math.round(median(results.map((r) => r.readyMs))),
    taskMs: Math.round(median(results.map((r) => r.taskMs))),
    scriptMs: Math.round(median(results.map((r) => r.scriptMs))),
    settledMs: Math.round(median(results.map((r) => r.settledMs))),
    kB: Number(kB(median(results.map((r) => r.bytes)))),
    requests: median(results.map((r) => r.requests)),
  },
  each: results.map((r) => ({
    readyMs: Math.round(r.readyMs),
    taskMs: Math.round(r.taskMs),
    settledMs: Math.round(r.settledMs),
    kB: Number(kB(r.bytes)),
    requests: r.requests,
  })),
})

if (build) buildClient()

// Other processes on the machine skew the timings: the 1-minute load average goes in the report.
const loadBefore = loadavg()[0]!.toFixed(2)
const bench = await serveToBrowser({ STORE: 'memory', LOG_LEVEL: 'error' })
const { server, browser } = bench
try {
  const link = inviteLink(server, await importThreatDragon(server, billingModel()))

  const cold: RunResult[] = []
  const warm: RunResult[] = []
  let shapeCount = 0
  for (let i = 0; i < runs; i++) {
    // Cold: a fresh context, so an empty cache. Warm: the same person opening the link again.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
    const first = await openBoard(context, link)
    const again = await openBoard(context, link)
    await context.close()
    shapeCount = first.shapes
    cold.push(first.result)
    warm.push(again.result)
    const line = (r: RunResult) =>
      `ready ${r.readyMs.toFixed(0)} ms (main thread ${r.taskMs.toFixed(0)} ms), settled ${r.settledMs.toFixed(0)} ms, ${kB(r.bytes)} kB, ${r.requests} requests`
    console.error(`run ${i + 1}: cold ${line(first.result)}; warm ${line(again.result)}`)
  }

  const last = cold.at(-1)!
  const byKind = new Map<string, { bytes: number; requests: number; encodings: Set<string> }>()
  for (const r of last.log) {
    const k = byKind.get(kindOf(r.url)) ?? { bytes: 0, requests: 0, encodings: new Set() }
    k.bytes += r.bytes
    k.requests += 1
    k.encodings.add(r.encoding || 'identity')
    byKind.set(kindOf(r.url), k)
  }
  if (showLog) {
    for (const r of last.log) {
      console.log(
        `${kB(r.bytes).padStart(8)} kB  ${(r.encoding || '-').padEnd(4)}  ${new URL(r.url).pathname}`,
      )
    }
  }
  const chromium = browser.version()
  console.log(
    JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: machine(),
        node: process.version,
        chromium,
        loadAverage1m: { before: loadBefore, after: loadavg()[0]!.toFixed(2) },
        runs,
        shapes: shapeCount,
        cold: summary(cold),
        warm: summary(warm),
        lastColdRunByKind: Object.fromEntries(
          [...byKind].map(([kind, k]) => [
            kind,
            { kB: Number(kB(k.bytes)), requests: k.requests, encodings: [...k.encodings] },
          ]),
        ),
      },
      null,
      2,
    ),
  )
} finally {
  await bench.stop()
}
