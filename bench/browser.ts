// Big boards in the browser (issue 13). Builds the client (unless --no-build), starts the real
// server (its own process), imports a 2,000-shape threat model through the API (100 systems,
// each a trust boundary, 6 elements, 7 flows and 6 threat cards), and opens the editor's invite
// link in Debian's Chromium (headless, 1440×900), `runs` times, each in a fresh context and room.
// A script client (stock y-websocket, writing records as the board does) then edits the room:
//   open    from navigation start: the first shape drawn, every shape of the page drawn, and the
//           first remote change applied (one shape moved the moment the first shape is drawn;
//           time until the page draws it where it was moved)
//   batch   500 elements moved in one transaction, then back in 500 transactions of one move
//           each: the time from sending until the page draws the last one where it was moved,
//           the longest main-thread task meanwhile (PerformanceObserver 'longtask': tasks of
//           50 ms and more), and the main thread's busy time (CDP Performance TaskDuration)
//   drag    the person drags an element in view with the mouse (40 pointer moves of 5 px): the
//           main thread's busy time and longest task, and how far the element moved
//   edit    the script client renames one threat whose card is drawn, 5 times: the time until
//           the card shows the new title, and the main thread's busy time per edit (medians)
// With --profile DIR, one more run records CPU profiles (CDP Profiler) of the open and of each
// batch into DIR and prints the functions that took the most time; profiles change the timings,
// so that run is not in the table. With --trace DIR, one more run records the renderer's trace
// (CDP Tracing, devtools.timeline) of each phase into DIR and prints the main thread's time by
// trace event (self time: style, layout, paint and script apart), which a CPU profile lumps
// together as "(program)". With --invalidations too, the trace also records what made the
// browser restyle and lay out again, and prints those counted by kind, element and reason.
// Usage: node bench/browser.ts [runs=3] [--no-build] [--profile DIR] [--trace DIR [--invalidations]]
import { mkdirSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { Browser, CDPSession, Page } from 'playwright-core'
import {
  getRecordsMap,
  readCollection,
  readRecord,
  writeEntity,
  writeRecord,
  type JsonRecord,
} from '../shared/src/index.ts'
import {
  buildClient,
  importThreatDragon,
  inviteLink,
  median,
  serveToBrowser,
  type ImportedRoom,
} from './benchBrowser.ts'
import { connect as connectClient, RAISED_RATE_LIMITS } from './benchClient.ts'
import { machine, type BenchServer } from './benchServer.ts'

const { values: opts, positionals } = parseArgs({
  options: {
    'no-build': { type: 'boolean', default: false },
    profile: { type: 'string' },
    trace: { type: 'string' },
    invalidations: { type: 'boolean', default: false },
  },
  allowPositionals: true,
})
const RUNS = Number(positionals[0] ?? 3)
const SYSTEMS = 100
const MOVES = 500
const DX = 40
const DRAG_STEPS = 40
const EDITS = 5

// ---------------------------------------------------------------------------------------------
// The model: 100 small systems in a 10 × 10 grid, as a team would draw each. Every name is
// its system's own ("Checkout 12"), as on a real board: a text is measured once per text, so
// 100 copies of one label would hide what measuring costs.

function bigModel(systems: number) {
  const cells: object[] = []
  for (let k = 0; k < systems; k++) {
    const ox = (k % 10) * 1300
    const oy = Math.floor(k / 10) * 800
    const threat = (n: number, title: string, type: string, severity: string) => ({
      id: `t${k}-${n}`,
      title: `${title} (system ${k + 1})`,
      type,
      severity,
      status: 'Open',
      description: `${title}: how an attacker would do it, and what it would cost.`,
      mitigation: 'Authenticate the caller and validate what it sends.',
    })
    const element = (
      id: string,
      shape: string,
      type: string,
      name: string,
      x: number,
      y: number,
      threats: object[] = [],
    ) =>
      cells.push({
        id: `${id}${k}`,
        shape,
        zIndex: 10,
        position: { x: ox + x, y: oy + y },
        size: { width: 160, height: 80 },
        data: { type, name: `${name} ${k + 1}`, description: '', threats },
      })
    const flow = (n: number, from: string, to: string, name: string) =>
      cells.push({
        id: `f${k}-${n}`,
        shape: 'flow',
        zIndex: 20,
        source: { cell: `${from}${k}` },
        target: { cell: `${to}${k}` },
        data: {
          type: 'tm.Flow',
          name: `${name} ${k + 1}`,
          protocol: 'HTTPS',
          isEncrypted: n % 2 === 0,
          threats: [],
        },
      })
    cells.push({
      id: `b${k}`,
      shape: 'trust-boundary-box',
      zIndex: 1,
      position: { x: ox + 240, y: oy },
      size: { width: 960, height: 600 },
      data: { type: 'tm.BoundaryBox', name: '' },
    })
    element('user', 'actor', 'tm.Actor', 'Customer', 0, 240, [
      threat(1, 'Session token stolen from the browser', 'Spoofing', 'High'),
    ])
    element('web', 'process', 'tm.Process', 'Web shop', 300, 60, [
      threat(2, 'Price changed in the checkout request', 'Tampering', 'High'),
      threat(3, 'Checkout flooded with bots', 'Denial of service', 'Medium'),
    ])
    element('api', 'process', 'tm.Process', 'Orders API', 300, 380, [
      threat(4, 'Order of another customer read', 'Information disclosure', 'High'),
    ])
    element('worker', 'process', 'tm.Process', 'Fulfilment', 700, 380)
    element('db', 'store', 'tm.Store', 'Orders database', 700, 60, [
      threat(5, 'Card data readable in backups', 'Information disclosure', 'Critical'),
    ])
    element('queue', 'store', 'tm.Store', 'Order queue', 1000, 240, [
      threat(6, 'Order message replayed', 'Tampering', 'Medium'),
    ])
    flow(1, 'user', 'web', 'Checkout')
    flow(2, 'web', 'api', 'Place order')
    flow(3, 'api', 'db', 'Store order')
    flow(4, 'api', 'queue', 'Queue order')
    flow(5, 'queue', 'worker', 'Next order')
    flow(6, 'worker', 'db', 'Mark shipped')
    flow(7, 'web', 'user', 'Confirmation')
  }
  return {
    version: '2.3.0',
    summary: { title: 'Shop platform (100 systems)', owner: 'Platform team' },
    detail: { contributors: [], diagrams: [{ title: 'All systems', cells }] },
  }
}

// ---------------------------------------------------------------------------------------------
// The script client: a stock y-websocket client on the room, moving shapes as the board does
// (the record read back, its x changed, written with writeRecord: only the transform changes).

async function connect(server: BenchServer, room: ImportedRoom) {
  const { doc, provider, synced } = connectClient(server, room)
  await synced()
  const records = getRecordsMap(doc)
  const read = (id: string) => readRecord(records.get(id)!)
  return {
    doc,
    read,
    /** Moves each shape by `dx`, all in one transaction or each in its own. */
    move(ids: string[], dx: number, oneTransaction: boolean) {
      const write = (id: string) => {
        const r = read(id)
        writeRecord(records, { ...r, x: (r.x as number) + dx })
      }
      if (oneTransaction) doc.transact(() => ids.forEach(write))
      else for (const id of ids) doc.transact(() => write(id))
    },
    close() {
      provider.destroy()
      doc.destroy()
    },
  }
}

// ---------------------------------------------------------------------------------------------
// In the page: a frame loop that notes when shapes are first drawn, when all are, and when a
// watched shape is drawn at a given x; and every long task. Times are performance.now() (ms
// since navigation start).

interface Watch {
  id: string
  x: number
  /** When the editor's store had the shape at x, and when the page drew it there. */
  appliedAt?: number
  shownAt?: number
}
interface BenchState {
  longTasks: [start: number, duration: number][]
  firstShape?: number
  allShapes?: number
  shapes?: number
  watch?: Watch
}
/** What the drag reads of the page's editor (`window.__tbEditor`, tldraw's Editor). */
interface PageEditor {
  getViewportScreenBounds(): { w: number; h: number }
  getCurrentPageShapesSorted(): { id: string; type: string; x: number }[]
  getShapePageBounds(id: string): { center: { x: number; y: number } } | undefined
  pageToViewport(p: { x: number; y: number }): { x: number; y: number }
  pageToScreen(p: { x: number; y: number }): { x: number; y: number }
  getZoomLevel(): number
  getShape(id: string): { x: number } | undefined
}
declare global {
  interface Window {
    __tbEditor?: PageEditor
    __bench: BenchState
    __benchSignal?: (what: string) => void
  }
}

function pageScript(firstMove: { id: string; x: number }) {
  const bench: BenchState = { longTasks: [], watch: { ...firstMove } }
  window.__bench = bench
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) bench.longTasks.push([e.startTime, e.duration])
  }).observe({ type: 'longtask', buffered: true })
  /** The x at which the page draws a shape: tldraw puts its page transform on its element. */
  const drawnX = (id: string) => {
    const el = document.querySelector<HTMLElement>(`.tl-shape[data-shape-id="${CSS.escape(id)}"]`)
    const m = el && /matrix\(([^)]*)\)/.exec(el.style.transform)
    return m ? Number(m[1]!.split(',')[4]) : NaN
  }
  const frame = () => {
    const now = performance.now()
    const editor = (
      window as unknown as {
        __tbEditor?: {
          getCurrentPageShapeIds(): Set<string>
          getShape(id: string): { x: number } | undefined
        }
      }
    ).__tbEditor
    if (bench.firstShape === undefined && document.querySelector('.tl-shape')) {
      bench.firstShape = now
      window.__benchSignal?.('firstShape')
    }
    if (bench.allShapes === undefined && editor) {
      const shapes = editor.getCurrentPageShapeIds().size
      if (shapes > 0 && document.querySelectorAll('.tl-shape').length >= shapes) {
        bench.allShapes = now
        bench.shapes = shapes
      }
    }
    const watch = bench.watch
    if (watch && editor) {
      if (watch.appliedAt === undefined && editor.getShape(watch.id)?.x === watch.x) {
        watch.appliedAt = now
      }
      if (watch.shownAt === undefined && Math.abs(drawnX(watch.id) - watch.x) < 0.01) {
        watch.shownAt = now
      }
    }
    requestAnimationFrame(frame)
  }
  requestAnimationFrame(frame)
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Waits (polling from here, so the page's own timing is untouched) until `check` holds. */
async function until(page: Page, check: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 600_000
  for (;;) {
    if (await page.evaluate(check)) return
    if (Date.now() > end) throw new Error(`timed out: ${what}`)
    await sleep(50)
  }
}

const taskSeconds = async (cdp: CDPSession) => {
  const { metrics } = await cdp.send('Performance.getMetrics')
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0
}

// ---------------------------------------------------------------------------------------------
// CPU profiles: where the main thread's time went, by function (self and inclusive).

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

function summarizeProfile(profile: CpuProfile, top = 20) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const label = (n: ProfileNode) => {
    const file = n.callFrame.url.split('/').pop() || ''
    return `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`
  }
  const self = new Map<string, number>()
  const inclusive = new Map<string, number>()
  let total = 0
  let idle = 0
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000
    const node = byId.get(id)!
    if (node.callFrame.functionName === '(idle)') {
      idle += ms
      return
    }
    total += ms
    self.set(label(node), (self.get(label(node)) ?? 0) + ms)
    const seen = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const n = byId.get(at)!
      if (n.callFrame.functionName === '(root)') continue
      const l = label(n)
      if (seen.has(l)) continue
      seen.add(l)
      inclusive.set(l, (inclusive.get(l) ?? 0) + ms)
    }
  })
  const list = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => `${ms.toFixed(0).padStart(6)} ms  ${name}`)
  return {
    busyMs: Math.round(total),
    idleMs: Math.round(idle),
    self: list(self),
    inclusive: list(inclusive),
  }
}

// ---------------------------------------------------------------------------------------------

interface OpenResult {
  firstShapeMs: number
  allShapesMs: number
  shapes: number
  /** Navigation start → the first remote move drawn, and move sent → drawn. */
  firstChangeMs: number
  firstChangeLatencyMs: number
  longestTaskMs: number
  taskMs: number
}
interface DragResult {
  /** Main-thread busy time from the press until 1 s after the release. */
  busyMs: number
  longestTaskMs: number
  longTasks: number
  /** How far the element moved on screen (DRAG_STEPS × 5 px when every move was taken). */
  movedPx: number
}
interface EditResult {
  /** Sent → the threat's card on the board shows the new title (median of EDITS). */
  shownMs: number
  /** Main-thread busy time from sending until 0.5 s after it was shown (median of EDITS). */
  busyMs: number
}
interface BatchResult {
  /** Sent → the store has the last move, and → the page drew it. */
  appliedMs: number
  shownMs: number
  longestTaskMs: number
  longTasks: number
  /** Main-thread busy time from sending until 1 s after the last move was drawn. */
  taskMs: number
  /** Of the moved shapes, how many the page draws where they were moved. */
  drawnAtTarget: number
}

// ---------------------------------------------------------------------------------------------
// Traces: the renderer main thread's time by trace event, each event's own time (its duration
// less its children's), so "Layout" and "UpdateLayoutTree" (style) are told from script.

interface TraceEvent {
  name: string
  ph: string
  ts: number
  dur?: number
  pid: number
  tid: number
  args?: { name?: string; data?: { nodeName?: string; reason?: string } }
}

function summarizeTrace(events: TraceEvent[], top = 15) {
  const main = events.find((e) => e.ph === 'M' && e.args?.name === 'CrRendererMain')
  if (!main) return { busyMs: 0, self: ['(no renderer main thread in the trace)'] }
  const spans = events
    .filter((e) => e.ph === 'X' && e.pid === main.pid && e.tid === main.tid && e.dur)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!)
  const self = new Map<string, number>()
  const open: { end: number; name: string; own: number }[] = []
  let busy = 0
  const close = (until: number) => {
    while (open.length > 0 && open.at(-1)!.end <= until) {
      const done = open.pop()!
      self.set(done.name, (self.get(done.name) ?? 0) + done.own)
    }
  }
  for (const e of spans) {
    close(e.ts)
    const end = e.ts + e.dur!
    const parent = open.at(-1)
    if (parent) parent.own -= Math.min(e.dur!, parent.end - e.ts)
    else busy += e.dur!
    open.push({ end, name: e.name, own: e.dur! })
  }
  close(Infinity)
  return {
    busyMs: Math.round(busy / 1000),
    self: [...self]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => `${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`),
  }
}

/**
 * What made the browser restyle or lay out again (the invalidation tracking events), counted by
 * kind, element and reason: one line for every shape's container means a change all of them see.
 */
function summarizeInvalidations(events: TraceEvent[], top = 12): string[] {
  const counts = new Map<string, number>()
  for (const e of events) {
    if (!e.name.endsWith('InvalidationTracking')) continue
    const { nodeName = '?', reason = '' } = e.args?.data ?? {}
    const key = `${e.name.replace('InvalidationTracking', '')} · ${nodeName} · ${reason}`
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, n]) => `${String(n).padStart(6)}  ${key}`)
}

async function oneRun(
  browser: Browser,
  server: BenchServer,
  profileDir?: string,
  traceDir?: string,
) {
  const room = await importThreatDragon(server, bigModel(SYSTEMS))
  const client = await connect(server, room)
  const records = getRecordsMap(client.doc)
  const all = [...records.keys()].map(client.read)
  const nodes = all.filter(
    (r): r is JsonRecord & { x: number } =>
      r.typeName === 'shape' && r.type === 'dfd-node' && String(r.parentId).startsWith('page:'),
  )
  if (nodes.length < MOVES + 1) throw new Error(`only ${nodes.length} top-level elements`)
  const first = nodes[0]!
  const batch = nodes.slice(1, MOVES + 1).map((r) => r.id)

  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  const cdp = await context.newCDPSession(page)
  await cdp.send('Performance.enable')
  const profile = async (name: string, during: () => Promise<void>) => {
    if (traceDir) return trace(name, during)
    if (!profileDir) return during()
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
    await cdp.send('Profiler.start')
    await during()
    const { profile } = await cdp.send('Profiler.stop')
    writeFileSync(path.join(profileDir, `${name}.cpuprofile`), JSON.stringify(profile))
    const s = summarizeProfile(profile as unknown as CpuProfile)
    console.error(`\n== ${name}: main thread busy ${s.busyMs} ms (idle ${s.idleMs} ms)`)
    console.error('-- self time\n' + s.self.join('\n'))
    console.error('-- inclusive time\n' + s.inclusive.join('\n'))
  }

  const trace = async (name: string, during: () => Promise<void>) => {
    const events: TraceEvent[] = []
    const collect = ({ value }: { value: object[] }) => events.push(...(value as TraceEvent[]))
    cdp.on('Tracing.dataCollected', collect)
    await cdp.send('Tracing.start', {
      categories: [
        'devtools.timeline,disabled-by-default-devtools.timeline,blink,v8.execute',
        ...(opts.invalidations
          ? ['disabled-by-default-devtools.timeline.invalidationTracking']
          : []),
      ].join(','),
      transferMode: 'ReportEvents',
    })
    await during()
    const complete = new Promise<void>((resolve) =>
      cdp.once('Tracing.tracingComplete', () => resolve()),
    )
    await cdp.send('Tracing.end')
    await complete
    cdp.off('Tracing.dataCollected', collect)
    writeFileSync(path.join(traceDir!, `${name}.trace.json`), JSON.stringify(events))
    const s = summarizeTrace(events)
    console.error(`\n== ${name}: renderer main thread in trace events ${s.busyMs} ms`)
    console.error('-- self time by event\n' + s.self.join('\n'))
    if (opts.invalidations) {
      console.error('-- invalidations\n' + summarizeInvalidations(events).join('\n'))
    }
  }

  // The first remote change: sent the moment the page draws its first shape.
  let firstSentAt = 0
  await page.exposeFunction('__benchSignal', (what: string) => {
    if (what !== 'firstShape' || firstSentAt) return
    firstSentAt = Date.now()
    client.move([first.id], DX, true)
  })
  await page.addInitScript(pageScript, { id: first.id, x: first.x + DX })
  const link = inviteLink(server, room)

  let open: OpenResult | undefined
  await profile('open', async () => {
    await page.goto(link, { waitUntil: 'commit' })
    await until(
      page,
      () => window.__bench.allShapes !== undefined && window.__bench.watch?.shownAt !== undefined,
      'open',
    )
    const b = await page.evaluate(() => ({ ...window.__bench, origin: performance.timeOrigin }))
    const end = Math.max(b.allShapes!, b.watch!.shownAt!)
    open = {
      firstShapeMs: b.firstShape!,
      allShapesMs: b.allShapes!,
      shapes: b.shapes!,
      firstChangeMs: b.watch!.shownAt!,
      firstChangeLatencyMs: b.origin + b.watch!.shownAt! - firstSentAt,
      longestTaskMs: Math.max(0, ...b.longTasks.filter(([s]) => s < end).map(([, d]) => d)),
      taskMs: (await taskSeconds(cdp)) * 1000,
    }
  })
  // Let the page settle (late fonts, deferred work) before the batches.
  await sleep(3000)

  const runBatch = async (name: string, dx: number, oneTransaction: boolean) => {
    const last = batch.at(-1)!
    const target = client.read(last).x as number
    const origin = await page.evaluate(
      ({ id, x }) => {
        window.__bench.watch = { id, x }
        return performance.timeOrigin
      },
      { id: last, x: target + dx },
    )
    const before = await taskSeconds(cdp)
    let result: BatchResult | undefined
    await profile(name, async () => {
      const sentAt = Date.now()
      client.move(batch, dx, oneTransaction)
      await until(page, () => window.__bench.watch?.shownAt !== undefined, name)
      await sleep(1000)
      const b = await page.evaluate(() => window.__bench)
      const from = sentAt - origin
      const tasks = b.longTasks.filter(([s, d]) => s + d > from && s < b.watch!.shownAt!)
      const targets = batch.map((id) => ({ id, x: client.read(id).x as number }))
      const drawnAtTarget = await page.evaluate((targets) => {
        return targets.filter(({ id, x }) => {
          const el = document.querySelector<HTMLElement>(
            `.tl-shape[data-shape-id="${CSS.escape(id)}"]`,
          )
          const m = el && /matrix\(([^)]*)\)/.exec(el.style.transform)
          return m && Math.abs(Number(m[1]!.split(',')[4]) - x) < 0.01
        }).length
      }, targets)
      result = {
        appliedMs: b.watch!.appliedAt! - from,
        shownMs: b.watch!.shownAt! - from,
        longestTaskMs: Math.max(0, ...tasks.map(([, d]) => d)),
        longTasks: tasks.length,
        taskMs: ((await taskSeconds(cdp)) - before) * 1000,
        drawnAtTarget,
      }
    })
    await sleep(2000)
    return result!
  }
  const one = await runBatch('batch-one-transaction', DX, true)
  const many = await runBatch('batch-500-transactions', -DX, false)

  // The person drags an element in view with the mouse, DRAG_STEPS pointer moves, once they
  // have given their name (the board asks for it over the canvas on a first visit).
  const name = page.getByTestId('user-name-input')
  if (await name.count()) {
    await name.fill('Bench')
    await page.getByRole('button', { name: 'Join the board' }).click()
    await sleep(1000)
  }
  const start = await page.evaluate(() => {
    const editor = window.__tbEditor!
    const view = editor.getViewportScreenBounds()
    for (const shape of editor.getCurrentPageShapesSorted()) {
      if (shape.type !== 'dfd-node') continue
      const b = editor.getShapePageBounds(shape.id)!
      const at = editor.pageToViewport(b.center)
      if (at.x > 200 && at.y > 150 && at.x < view.w - 500 && at.y < view.h - 200) {
        return {
          id: shape.id,
          x: shape.x,
          at: editor.pageToScreen(b.center),
          zoom: editor.getZoomLevel(),
        }
      }
    }
    return undefined
  })
  if (!start) throw new Error('no element in view to drag')
  await page.mouse.move(start.at.x, start.at.y)
  await page.evaluate(() => (window.__bench.longTasks = []))
  const dragBefore = await taskSeconds(cdp)
  let drag: DragResult | undefined
  await profile('drag', async () => {
    await page.mouse.down()
    for (let i = 1; i <= DRAG_STEPS; i++) {
      await page.mouse.move(start.at.x + i * 5, start.at.y)
    }
    await page.mouse.up()
    await sleep(1000)
    const b = await page.evaluate(() => window.__bench)
    drag = {
      busyMs: ((await taskSeconds(cdp)) - dragBefore) * 1000,
      longestTaskMs: Math.max(0, ...b.longTasks.map(([, d]) => d)),
      longTasks: b.longTasks.length,
      movedPx: await page.evaluate(
        ({ id, x, zoom }) => (window.__tbEditor!.getShape(id)!.x - x) * zoom,
        start,
      ),
    }
  })
  // Someone else renames one threat, EDITS times (a model edit, not a shape change): the time
  // until its card on the board shows the new title, and the main thread's busy time.
  await sleep(1000)
  const threatId = await page.evaluate(() => {
    for (const el of document.querySelectorAll<HTMLElement>('[data-testid="threat-card"]')) {
      if (el.getBoundingClientRect().width > 0) return el.dataset['threatId']
    }
    return undefined
  })
  if (!threatId) throw new Error('no threat card drawn')
  const edits: EditResult[] = []
  await profile('edit', async () => {
    for (let i = 1; i <= EDITS; i++) {
      const threat = readCollection(client.doc, 'threats').find((t) => t.id === threatId)!
      const title = `${threat.title.replace(/ \(edit \d+\)$/, '')} (edit ${i})`
      const before = await taskSeconds(cdp)
      const sentAt = Date.now()
      writeEntity(client.doc, 'threats', { ...threat, title })
      await page.waitForFunction(
        ({ id, title }) =>
          document
            .querySelector(`[data-testid="threat-card"][data-threat-id="${id}"]`)
            ?.textContent?.includes(title),
        { id: threatId, title },
        { polling: 'raf', timeout: 60_000 },
      )
      const shownMs = Date.now() - sentAt
      await sleep(500)
      edits.push({ shownMs, busyMs: ((await taskSeconds(cdp)) - before) * 1000 })
    }
  })
  const edit: EditResult = {
    shownMs: median(edits.map((e) => e.shownMs)),
    busyMs: median(edits.map((e) => e.busyMs)),
  }
  client.close()
  await context.close()
  if (errors.length) throw new Error(`page errors:\n${errors.join('\n')}`)
  return { open: open!, one, many, drag: drag!, edit }
}

// ---------------------------------------------------------------------------------------------

function table<T extends object>(rows: T[]) {
  const keys = Object.keys(rows[0]!) as (keyof T)[]
  return Object.fromEntries(
    keys.map((k) => {
      const xs = rows.map((r) => Math.round(r[k] as number))
      return [k, { median: median(xs), each: xs }]
    }),
  )
}

if (!opts['no-build']) buildClient()

const loadBefore = loadavg().map((l) => l.toFixed(2))
const bench = await serveToBrowser({
  STORE: 'memory',
  LOG_LEVEL: 'error',
  MAX_BODY_BYTES: String(16 * 1024 * 1024),
  ...RAISED_RATE_LIMITS,
})
const { server, browser } = bench
try {
  const results: Awaited<ReturnType<typeof oneRun>>[] = []
  for (let i = 0; i < RUNS; i++) {
    const r = await oneRun(browser, server)
    results.push(r)
    console.error(`run ${i + 1}: ${JSON.stringify(r)}`)
  }
  if (opts.profile) {
    mkdirSync(opts.profile, { recursive: true })
    await oneRun(browser, server, opts.profile)
  }
  if (opts.trace) {
    mkdirSync(opts.trace, { recursive: true })
    await oneRun(browser, server, undefined, opts.trace)
  }
  if (results.length > 0) {
    console.log(
      JSON.stringify(
        {
          date: new Date().toISOString(),
          machine: machine(),
          node: process.version,
          chromium: browser.version(),
          loadAverage: { before: loadBefore, after: loadavg().map((l) => l.toFixed(2)) },
          runs: RUNS,
          shapes: results[0]!.open.shapes,
          open: table(results.map((r) => r.open)),
          oneTransaction: table(results.map((r) => r.one)),
          smallTransactions: table(results.map((r) => r.many)),
          drag: table(results.map((r) => r.drag)),
          edit: table(results.map((r) => r.edit)),
        },
        null,
        2,
      ),
    )
  }
} finally {
  await bench.stop()
}
