// A long unbroken token in a text on the board: a pasted key, hash or base64 blob. Builds the
// client (unless --no-build), starts the real server (its own process), makes a room through the
// API and opens it in Debian's Chromium twice: a writer (editor link) and a viewer (observer
// link), each in its own context. For each token length the writer pastes a token of that many
// characters on the empty canvas with Ctrl+V, and the benchmark times, from the key press:
//   writer   until the pasted text shape is drawn on the writer's page (the next frame after it
//            is in the editor), and the writer's longest main-thread task meanwhile
//   viewer   until the viewer's page has the shape and has drawn a frame since, and its longest
//            task (PerformanceObserver 'longtask': tasks of 50 ms and more)
// The shapes are deleted between lengths. CLIENT_DIST=<build> serves another client build (as in
// bench/browser.ts), to compare before and after.
// Usage: [CLIENT_DIST=<dir>] node bench/longToken.ts [--no-build] [--runs 3] [lengths…]
import { parseArgs } from 'node:util'
import type { Browser, Page } from 'playwright-core'
import { buildClient, median, serveToBrowser } from './benchBrowser.ts'
import { machine, type BenchServer } from './benchServer.ts'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'no-build': { type: 'boolean' }, runs: { type: 'string', default: '3' } },
})
const lengths = positionals.length > 0 ? positionals.map(Number) : [5_000, 20_000]
const runs = Number(values.runs)

declare global {
  interface Window {
    __longestTask?: number
  }
}

/** Records the page's longest task from now on, in `window.__longestTask`. */
const watchLongTasks = (page: Page) =>
  page.evaluate(() => {
    window.__longestTask = 0
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        window.__longestTask = Math.max(window.__longestTask ?? 0, entry.duration)
      }
    }).observe({ type: 'longtask' })
  })

/** Opens `link` in a new context and joins the board under `name`, until it is live. */
async function openBoard(browser: Browser, server: BenchServer, link: string, name: string) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 850 } })
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.base })
  const page = await context.newPage()
  await page.goto(link)
  await page.getByTestId('user-name-input').fill(name)
  await page.getByRole('button', { name: 'Join the board' }).click()
  await page.waitForSelector('[data-testid="connection-status"][data-status="live"]')
  await page.waitForFunction(() => window.__tbEditor !== undefined)
  return page
}

const nextFrame = (page: Page) =>
  page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())))

/** Waits until `page` has a shape and has drawn a frame since; ms from `start` until then. */
async function msUntilDrawn(page: Page, start: number): Promise<number> {
  await page.waitForFunction(
    () => window.__tbEditor!.getCurrentPageShapesSorted().length > 0,
    null,
    {
      polling: 50,
      timeout: 300_000,
    },
  )
  await nextFrame(page)
  return Date.now() - start
}

const shapeCount = (page: Page) =>
  page.evaluate(() => window.__tbEditor!.getCurrentPageShapesSorted().length)

if (!values['no-build']) buildClient()
const bench = await serveToBrowser({ STORE: 'memory', LOG_LEVEL: 'error' })
const results = new Map<
  string,
  { writer: number[]; writerTask: number[]; viewer: number[]; viewerTask: number[] }
>()
try {
  for (let run = 0; run < runs; run++) {
    const created = await fetch(`${bench.server.base}/api/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: `Long token ${run}` }),
    })
    const room = (await created.json()) as { id: string; links: Record<string, string> }
    const writer = await openBoard(bench.browser, bench.server, room.links.editor!, 'Writer')
    const viewer = await openBoard(bench.browser, bench.server, room.links.observer!, 'Viewer')
    for (const length of lengths) {
      await writer.evaluate((n) => navigator.clipboard.writeText('x'.repeat(n)), length)
      await writer.locator('.tl-canvas').click({ position: { x: 300, y: 300 } })
      await watchLongTasks(writer)
      await watchLongTasks(viewer)
      const start = Date.now()
      await writer.keyboard.press('Control+V')
      const writerMs = await msUntilDrawn(writer, start)
      const viewerMs = await msUntilDrawn(viewer, start)
      const entry = results.get(String(length)) ?? {
        writer: [],
        writerTask: [],
        viewer: [],
        viewerTask: [],
      }
      entry.writer.push(writerMs)
      entry.viewer.push(viewerMs)
      entry.writerTask.push(await writer.evaluate(() => window.__longestTask ?? 0))
      entry.viewerTask.push(await viewer.evaluate(() => window.__longestTask ?? 0))
      results.set(String(length), entry)
      console.error(
        `run ${run + 1}, ${length} characters: writer ${writerMs} ms, viewer ${viewerMs} ms`,
      )
      await writer.locator('.tl-canvas').click({ position: { x: 1000, y: 700 } })
      await writer.keyboard.press('Control+a')
      await writer.keyboard.press('Delete')
      while ((await shapeCount(viewer)) > 0) await viewer.waitForTimeout(100)
    }
    await writer.context().close()
    await viewer.context().close()
  }
} finally {
  await bench.stop()
}

console.log(
  `\nLong token pasted — ${machine()}, Node ${process.version}, ${new Date().toISOString()}, ` +
    `client ${process.env.CLIENT_DIST ?? 'client/dist'}; medians of ${runs} runs, ms`,
)
console.log(
  '| token length | writer: drawn | writer: longest task | viewer: drawn | viewer: longest task |',
)
console.log('|---|---|---|---|---|')
for (const [length, r] of results) {
  const m = (xs: number[]) => median(xs).toFixed(0)
  console.log(
    `| ${length} | ${m(r.writer)} | ${m(r.writerTask)} | ${m(r.viewer)} | ${m(r.viewerTask)} |`,
  )
}
