import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { fixturePath, haveFixtures, schemaValidator } from '@threatboard/shared/testing'
import { openDetails } from './fixtures/ModelPage.ts'
import type { BoardPage } from './fixtures/BoardPage.ts'
import { CanvasPage, intersects } from './fixtures/CanvasPage.ts'
import { E2ESession } from './fixtures/E2ESession.ts'
import { LobbyPage } from './fixtures/LobbyPage.ts'

/** How many shapes of each type the board shows. */
const shapeCounts = (page: Page) =>
  page.evaluate(() => {
    const counts: Record<string, number> = {}
    for (const s of window.__tbEditor?.getCurrentPageShapes() ?? []) {
      counts[s.type] = (counts[s.type] ?? 0) + 1
    }
    return counts
  })

/** Saves what a click downloads and returns its text, with its file name. */
async function download(page: Page, click: () => Promise<void>) {
  const [file] = await Promise.all([page.waitForEvent('download'), click()])
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') }
}

/** The same, parsed as JSON. */
async function downloadJson(page: Page, click: () => Promise<void>) {
  const { name, text } = await download(page, click)
  return { name, json: JSON.parse(text) }
}

/**
 * A team brings its Threat Dragon model into Threatboard: imports it from the lobby (picker and
 * drag and drop), sees it drawn, saves a version, opens that version read-only after the board
 * has changed, and exports it back for Threat Dragon and OTM.
 */
describe.skipIf(!haveFixtures)('importing, versions and exports in the browser', () => {
  let session: E2ESession
  let a: BoardPage
  let lobby: LobbyPage

  beforeAll(async () => {
    session = await E2ESession.start()
    a = await session.openPage({ width: 1400, height: 850 })
    lobby = new LobbyPage(a.page, session.server.url)
    await lobby.open()
  })
  afterAll(() => session?.dispose())

  /** Imports a fixture with the lobby's file picker and waits for its board. */
  const importFromLobby = async (fixture: string) => {
    await lobby.open()
    await a.page.getByTestId('import-file-input').setInputFiles(fixturePath(fixture))
    await a.page.waitForURL(/\/r\/[A-Za-z0-9_-]{22}$/)
    await a.waitForEditor()
  }

  it('says clearly why a file that is not a model is refused, and opens nothing', async () => {
    await a.page.getByTestId('import-file-input').setInputFiles({
      name: 'notes.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"title": "not a model"}'),
    })
    await expect
      .poll(() => a.page.getByTestId('import-error').textContent())
      .toBe(
        'notes.json is not a Threat Dragon v2 model, an Open Threat Model file or a TM-BOM threat model.',
      )
    await a.page.getByTestId('import-file-input').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ otmVersion: '0.2.0', project: { name: 'x' } })),
    })
    // The server's first import starts its import worker (about a second, more on a busy machine).
    await expect
      .poll(() => a.page.getByTestId('import-error').textContent(), { timeout: 15_000 })
      .toBe('Invalid Open Threat Model file: “project.id” is missing (text expected)')
    expect(new URL(a.page.url()).pathname).toBe('/')
  })

  it('imports a Threat Dragon model with the file picker and draws it where the source did', async () => {
    await a.page
      .getByTestId('import-file-input')
      .setInputFiles(fixturePath('threat-dragon/v2-threat-model.json'))
    await a.page.waitForURL(/\/r\/[A-Za-z0-9_-]{22}$/)
    await a.join('Alice')
    await expect
      .poll(() => a.page.getByTestId('room-title').textContent())
      .toBe('Demo Threat Model')
    // 7 actors/processes/stores, 10 flows, 3 boundary curves, 14 threats each on a card.
    await expect
      .poll(() => shapeCounts(a.page))
      .toMatchObject({ 'dfd-node': 7, arrow: 10, line: 3, 'threat-card': 14, text: 1 })
    // The session checklist counts them as the report does: elements and flows apart.
    expect(await a.page.getByTestId('session-steps').textContent()).toContain(
      'Diagram 7 elements, 10 flows',
    )
    const worker = await a.page.evaluate(() =>
      window.__tbEditor
        ?.getCurrentPageShapes()
        .find(
          (s) =>
            s.type === 'dfd-node' && (s.props as { name: string }).name.includes('Worker Process'),
        ),
    )
    // Threat Dragon drew it at (685, 180); imports spread positions ×2 to make room for cards.
    expect(worker).toMatchObject({ x: 1370, y: 360 })
    // The elements grew to their names as the board opened; the cards on their left and under
    // them moved with them, so none lies on an element or on another card (its card "Poison
    // messages 2" once covered the worker's name).
    const covered = await a.page.evaluate(() => {
      const editor = window.__tbEditor!
      const shapes = editor.getCurrentPageShapes()
      const solid = shapes.filter((s) => ['dfd-node', 'threat-card', 'asset-pin'].includes(s.type))
      return shapes
        .filter((s) => s.type === 'threat-card')
        .flatMap((card) =>
          solid
            .filter((o) => o.id !== card.id)
            .filter((o) => editor.getShapePageBounds(o)!.collides(editor.getShapePageBounds(card)!))
            .map((o) => `${card.id} on ${o.id}`),
        )
    })
    expect(covered).toEqual([])
    // Each threat keeps its description and mitigation, readable (and editable) in the panel.
    const row = a.page.getByTestId('threat-row').filter({ hasText: 'Message tampering' })
    await openDetails(row)
    expect(await row.getByTestId('threat-description').inputValue()).toBe(
      'Messages on the queue could be tampered with, causing incorrect processing by the Background Worker.',
    )
    expect(await row.getByTestId('threat-mitigation').inputValue()).toMatch(
      /^Sign all queue messages at the Web Server\./,
    )
    await row.getByTestId('threat-mitigation').fill('Sign every message; reject unsigned ones.')
    // Saved when the field loses focus.
    await row.getByTestId('threat-description').focus()
    await a.page.evaluate(() => {
      window.__tbEditor?.zoomToFit()
    })
    const dir = process.env.SCREENSHOT_DIR
    if (dir) await a.page.screenshot({ path: `${dir}/imported-threat-dragon.png` })
  })

  it('draws every imported flow’s label inside the box measured for it', async () => {
    const labels = await new CanvasPage(a.page).flowLabelFit()
    expect(labels.drawn, 'labelled flows drawn').toBe(10)
    expect(labels.overflowing).toEqual([])
  })

  it('exports the live board for Threat Dragon and OTM, each valid for its schema', async () => {
    const td = await downloadJson(a.page, () => a.page.getByTestId('export-threat-dragon').click())
    expect(td.name).toBe('demo-threat-model-threat-dragon.json')
    expect(schemaValidator('threat-dragon')(td.json)).toEqual([])
    const cells = td.json.detail.diagrams[0].cells as {
      shape: string
      data?: { threats?: { title: string; mitigation: string }[] }
    }[]
    expect(cells.filter((c) => c.shape === 'flow')).toHaveLength(10)
    // The mitigation edited in the panel is in the export.
    expect(
      cells.flatMap((c) => c.data?.threats ?? []).find((t) => t.title === 'Message tampering'),
    ).toMatchObject({ mitigation: 'Sign every message; reject unsigned ones.' })
    const otm = await downloadJson(a.page, () => a.page.getByTestId('export-otm').click())
    expect(schemaValidator('otm')(otm.json)).toEqual([])
    expect(otm.json.components).toHaveLength(7)
  })

  it('saves a version, lists it, and opens it read-only after the board changed', async () => {
    await a.saveVersion('Imported from Threat Dragon')
    await expect
      .poll(() => a.page.getByTestId('version').allTextContents())
      .toEqual([expect.stringContaining('v1 · Imported from Threat Dragon')])
    expect(await a.page.getByTestId('version').textContent()).toContain('Alice')

    // The board changes after the version was saved: every threat card goes.
    await a.page.evaluate(() => {
      const editor = window.__tbEditor!
      editor.deleteShapes(editor.getCurrentPageShapes().filter((s) => s.type === 'threat-card'))
    })
    await expect.poll(async () => (await shapeCounts(a.page))['threat-card']).toBeUndefined()

    await a.page.getByTestId('open-version').click()
    await a.page.waitForURL(/\/v\/[A-Za-z0-9_-]+$/)
    // The version's document and the room's summary are fetched first: on a busy machine that
    // takes longer than one poll's default second, so wait for the badge before reading it.
    await a.page.getByTestId('version-badge').waitFor()
    await expect
      .poll(() => a.page.getByTestId('version-badge').innerText())
      .toBe('Version 1 · Imported from Threat Dragon · read-only')
    // Its tab says which version of which room it is.
    await expect.poll(() => a.page.title()).toBe('Version 1 of Demo Threat Model · Threatboard')
    await expect.poll(() => shapeCounts(a.page)).toMatchObject({ 'threat-card': 14 })
    expect(await a.page.evaluate(() => window.__tbEditor?.getIsReadonly())).toBe(true)

    // Its report comes in the layout picked, as on the live board; the ticket says what it is.
    await a.page.getByTestId('version-report-layout').selectOption('ticket')
    await a.page.getByTestId('version-ticket-note').waitFor()
    await a.page.getByTestId('version-report-layout').selectOption('full')
    expect(await a.page.getByTestId('version-ticket-note').count()).toBe(0)
    const fullPdf = a.page.waitForRequest((r) => /\/report\?/.test(r.url()))
    await a.page.getByTestId('version-report-pdf').click()
    const query = new URL((await fullPdf).url()).searchParams
    expect([query.get('format'), query.get('layout'), query.get('version')]).toEqual([
      'pdf',
      'full',
      expect.any(String),
    ])
    await a.page.getByTestId('version-download-status').filter({ hasText: 'Downloaded' }).waitFor()

    const td = await downloadJson(a.page, () =>
      a.page.getByTestId('version-export-threat-dragon').click(),
    )
    expect(schemaValidator('threat-dragon')(td.json)).toEqual([])
    const threats = (
      td.json.detail.diagrams[0].cells as { data?: { threats?: unknown[] } }[]
    ).flatMap((c) => c.data?.threats ?? [])
    expect(threats).toHaveLength(14)

    await a.page.getByTestId('back-to-live').click()
    await a.waitForEditor()
    await expect.poll(async () => (await shapeCounts(a.page))['threat-card']).toBeUndefined()

    // The threats outlived their cards: the panel says so and puts one back on request.
    await expect.poll(() => a.page.getByTestId('no-card').count()).toBe(14)
    await a.page
      .getByTestId('threat-row')
      .filter({ hasText: 'Message tampering' })
      .getByTestId('place-card')
      .click()
    await expect.poll(async () => (await shapeCounts(a.page))['threat-card']).toBe(1)
    await expect.poll(() => a.page.getByTestId('no-card').count()).toBe(13)
  })

  it('answers two threats with one recommendation, records an exception, and reports it', async () => {
    await a.page.getByTestId('rec-text').fill('Sign and verify every queue message')
    await a.page.getByTestId('rec-priority').selectOption('medium')
    await a.page.getByTestId('rec-threat').selectOption({ label: 'Message tampering' })
    await a.page.getByTestId('rec-add').click()
    const rec = a.page.getByTestId('recommendation').filter({ hasText: 'Sign and verify' })
    await rec.getByTestId('rec-details').click()
    await rec.getByLabel('Fake messages could be placed on the queue').check()
    await rec.getByTestId('rec-owner').fill('Queue team')
    await rec.getByTestId('rec-owner').press('Enter')
    await rec.getByTestId('rec-status-select').selectOption('exception')
    await rec.getByTestId('exception-approver').fill('Priya (PM)')
    await rec.getByTestId('exception-reason').fill('The queue stays internal until Q3')
    await rec.getByTestId('exception-save').click()
    // The form goes; the keyboard is back on the status, not on the page.
    expect(
      await rec.getByTestId('rec-status-select').evaluate((el) => el === document.activeElement),
    ).toBe(true)

    const summary = rec.getByTestId('rec-summary')
    await expect
      .poll(() => summary.textContent())
      .toContain('Answers: Message tampering; Fake messages could be placed on the queue')
    const text = await summary.textContent()
    expect(text).toContain('Exception · Queue team')
    expect(text).toContain('Exception approved by Priya (PM): The queue stays internal until Q3')

    if (process.env.SCREENSHOT_DIR) {
      await rec.scrollIntoViewIfNeeded()
      await a.page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/recommendation.png` })
    }
    const csv = await download(a.page, () => a.page.getByTestId('report-csv').click())
    const line = csv.text.split('\n').find((l) => l.includes('Sign and verify every queue message'))
    expect(line).toContain('Priya (PM)')
    expect(line).toContain('Queue team')
  })

  it('imports an OTM file dropped on the lobby and lists what the import changed', async () => {
    await lobby.open()
    const content = await readFile(fixturePath('otm/otm_example.json'), 'utf8')
    await a.page.getByTestId('import-drop-zone').evaluate((zone, text) => {
      const data = new DataTransfer()
      data.items.add(new File([text], 'otm_example.json', { type: 'application/json' }))
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true }))
    }, content)
    const warnings = a.page.getByTestId('import-warnings')
    await expect.poll(() => warnings.textContent()).toContain('has 2 categories')
    expect(await a.page.getByTestId('import-summary').textContent()).toContain(
      '4 elements, 2 flows, 2 boundaries, 1 threat',
    )
    // The lobby lists the new room while the summary is shown.
    await expect
      .poll(() => a.page.getByTestId('room-list-item').allTextContents())
      .toContainEqual(expect.stringContaining('Test project'))
    // The way on comes before the list, in sight, with the keyboard on it: Enter opens the board.
    const open = a.page.getByTestId('open-imported-room')
    await expect
      .poll(() => a.page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('open-imported-room')
    const [button, list] = await Promise.all([open.boundingBox(), warnings.boundingBox()])
    expect(button!.y).toBeLessThan(list!.y)
    expect(button!.y + button!.height).toBeLessThanOrEqual(850)
    await a.page.keyboard.press('Enter')
    await a.waitForEditor()
    await expect
      .poll(() => shapeCounts(a.page))
      .toMatchObject({
        'dfd-node': 4,
        arrow: 2,
        'trust-boundary': 2,
        'threat-card': 1,
        'asset-pin': 2,
      })

    // OTM assets join the catalogue, pinned where they are used; removing one unpins it.
    await expect
      .poll(() => a.page.getByTestId('asset-row').allTextContents())
      .toEqual([
        expect.stringContaining('Credit Card Data'),
        expect.stringContaining('Public Info'),
      ])
    const publicInfo = a.page.getByTestId('asset-row').filter({ hasText: 'Public Info' })
    await publicInfo.getByTestId('asset-details').click()
    await publicInfo.getByTestId('asset-delete').click()
    await a.page.locator('dialog[open]').getByTestId('confirm-ok').click()
    await expect
      .poll(() => a.page.getByTestId('asset-row').allTextContents())
      .toEqual([expect.stringContaining('Credit Card Data')])
    await expect.poll(async () => (await shapeCounts(a.page))['asset-pin']).toBe(1)
  })

  it('jumps to the side panel’s sections with Alt+1…7, and counts what is in them', async () => {
    await a.page.locator('.tl-canvas').focus()
    await a.page.keyboard.press('Alt+5')
    await expect
      .poll(() => a.page.evaluate(() => document.activeElement?.id))
      .toBe('tb-section-report')
    await a.page.getByTestId('jump-threats').click()
    await expect
      .poll(() => a.page.evaluate(() => document.activeElement?.id))
      .toBe('tb-section-threats')
    expect(await a.page.getByTestId('jump-threats').textContent()).toBe('Threats1')
    // From a text field of the panel too, whose keys are kept from the board.
    await a.page.getByTestId('rec-text').click()
    await a.page.keyboard.press('Alt+1')
    await expect
      .poll(() => a.page.evaluate(() => document.activeElement?.id))
      .toBe('tb-section-session')
    expect(await a.page.getByTestId('rec-text').inputValue()).toBe('')
    // The nav wraps to several rows at the panel's width and stays at its top: a section
    // jumped to starts below it, its heading in sight.
    for (const section of ['assets', 'threats', 'recommendations'] as const) {
      await a.page.getByTestId(`jump-${section}`).click()
      await expect
        .poll(
          () =>
            a.page.evaluate((id) => {
              const heading = document.getElementById(id)!.getBoundingClientRect()
              const nav = document
                .querySelector('[data-testid="panel-nav"]')!
                .getBoundingClientRect()
              return heading.top >= nav.bottom
            }, `tb-section-${section}`),
          { message: `the ${section} heading is below the section nav` },
        )
        .toBe(true)
    }
  })

  it('bends apart an imported model’s parallel flows whose labels cover each other', async () => {
    // OWASP's payment model: "(9) Attempt payment" and "(10) Payment Response" run between the
    // same two processes with Threat Dragon's bends, and with our labels' sizes they met.
    await importFromLobby('threat-dragon/payment-online.json')
    await expect.poll(async () => (await shapeCounts(a.page)).arrow).toBeGreaterThanOrEqual(10)
    const canvas = new CanvasPage(a.page)
    const groups = await canvas.parallelFlows()
    expect(groups.length, 'the model has parallel flows').toBeGreaterThan(0)
    // Every two flows between the same two elements whose labels share any area.
    const meeting = async () => {
      const met: string[] = []
      for (const flows of groups) {
        const boxes = await canvas.flowLabelBoxes(flows.map((f) => f.id))
        flows.forEach((f, i) => {
          for (let j = i + 1; j < flows.length; j++) {
            const [p, q] = [boxes[i], boxes[j]]
            if (p && q && intersects(p, q)) met.push(`${f.label} / ${flows[j]!.label}`)
          }
        })
      }
      return met
    }
    await expect.poll(meeting).toEqual([])
  })

  it('opens a model too large to read when fitted at 25 % on its top-left, says so, and shows it all on Shift+1 or its notice’s button', async () => {
    // Twelve services in a row (the import doubles Threat Dragon's distances): fitted into a
    // laptop's canvas they would be specks.
    const cells = Array.from({ length: 12 }, (_, i) => ({
      id: `svc${i}`,
      shape: 'process',
      zIndex: 10,
      position: { x: i * 600, y: 100 },
      size: { width: 160, height: 80 },
      data: { type: 'tm.Process', name: `Service ${i + 1}`, description: '', threats: [] },
    }))
    const model = {
      version: '2.3.0',
      summary: { title: 'Twelve services', owner: 'Platform team' },
      detail: { contributors: [], diagrams: [{ title: 'Services', cells }] },
    }
    await lobby.open()
    await a.page.getByTestId('import-file-input').setInputFiles({
      name: 'twelve-services.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(model)),
    })
    await a.page.waitForURL(/\/r\/[A-Za-z0-9_-]{22}$/)
    await a.waitForEditor()
    const canvas = new CanvasPage(a.page)
    const inView = () =>
      a.page.evaluate(() => {
        const editor = window.__tbEditor!
        const view = editor.getViewportPageBounds()
        return {
          zoom: editor.getZoomLevel(),
          names: editor
            .getCurrentPageShapes()
            .filter((s) => s.type === 'dfd-node' && view.contains(editor.getShapePageBounds(s)!))
            .map((s) => (s.props as { name: string }).name),
        }
      })
    await expect.poll(async () => (await inView()).zoom).toBe(0.25)
    const opened = await inView()
    expect(opened.names).toContain('Service 1')
    expect(opened.names).not.toContain('Service 12')
    // The corner it opens on is not under what is drawn over the canvas's top-left.
    const firstId = await a.page.evaluate(
      () =>
        window
          .__tbEditor!.getCurrentPageShapes()
          .find((s) => (s.props as { name?: string }).name === 'Service 1')!.id,
    )
    const first = a.page.locator(`.tl-shape[data-shape-id="${firstId}"]`)
    const firstBox = (await first.boundingBox())!
    for (const over of [a.page.getByTestId('coverage-toggle'), a.page.locator('.tlui-menu-zone')])
      expect(intersects(firstBox, (await over.boundingBox())!)).toBe(false)
    // The person is told that part of the model is out of view, and how to see all of it.
    const notice = a.page.locator('.tlui-toast__main').filter({ hasText: 'out of view' })
    await notice.waitFor()
    expect(await notice.textContent()).toContain('Shift+1 shows all of it')
    await canvas.press('Shift+1')
    await expect.poll(async () => (await inView()).names).toHaveLength(12)
    expect((await inView()).zoom).toBeLessThan(0.25)
    // The notice's button does what Shift+1 does.
    await a.page.evaluate(() => void window.__tbEditor!.setCamera({ x: 0, y: 0, z: 1 }))
    expect((await inView()).names).not.toHaveLength(12)
    await notice.getByRole('button', { name: 'Show all' }).click()
    await expect.poll(async () => (await inView()).names).toHaveLength(12)
  })

  it('opens a model a little wider than a phone whole on a phone, and one too wide centred on its row', async () => {
    // Five services in a row, about 1,300 board units once imported: at the smallest opening
    // zoom a phone shows it all only with a phone's narrower margins.
    const row = (n: number, gap: number) => ({
      version: '2.3.0',
      summary: { title: `${n} services`, owner: 'Platform team' },
      detail: {
        contributors: [],
        diagrams: [
          {
            title: 'Services',
            cells: Array.from({ length: n }, (_, i) => ({
              id: `svc${i}`,
              shape: 'process',
              zIndex: 10,
              position: { x: i * gap, y: 100 },
              size: { width: 160, height: 80 },
              data: { type: 'tm.Process', name: `Service ${i + 1}`, description: '', threats: [] },
            })),
          },
        ],
      },
    })
    const phoneSees = async (model: object) => {
      await lobby.open()
      await a.page.getByTestId('import-file-input').setInputFiles({
        name: 'row.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(model)),
      })
      await a.page.waitForURL(/\/r\/[A-Za-z0-9_-]{22}$/)
      await a.waitForEditor()
      const phone = await session.invitee(await a.inviteLink('viewer'), 'Pia', {
        width: 390,
        height: 844,
      })
      await phone.waitForStatus('live')
      const seen = () =>
        phone.page.evaluate(() => {
          const editor = window.__tbEditor!
          const view = editor.getViewportPageBounds()
          const shapes = editor.getCurrentPageShapes().filter((s) => s.type === 'dfd-node')
          const model = editor.getCurrentPageBounds()!
          return {
            count: shapes.length,
            width: Math.round(model.w),
            inView: shapes.filter((s) => view.contains(editor.getShapePageBounds(s)!)).length,
            // How far the row's middle is from the view's, as a share of the view's height.
            offCentre: Math.abs(model.midY - view.midY) / view.h,
          }
        })
      await expect.poll(async () => (await seen()).count).toBeGreaterThan(0)
      const opened = await seen()
      await phone.page.context().close()
      return opened
    }
    const five = await phoneSees(row(5, 140))
    expect(five.width).toBeGreaterThan(1250)
    expect(five.inView).toBe(5)
    const twelve = await phoneSees(row(12, 600))
    expect(twelve.inView).toBeLessThan(12)
    // Centred below the band kept for the menu, not against the page's top edge.
    expect(twelve.offCentre).toBeLessThan(0.1)
  })

  it('opens an imported model whole, clear of the menu and the Coverage button', async () => {
    // Its text note is its top-left corner; fitted with too little margin it went under the menu.
    await importFromLobby('threat-dragon/payment-online.json')
    // Whole in view: no notice that part of it is not.
    await a.page.waitForTimeout(500)
    expect(await a.page.locator('.tlui-toast__title').allTextContents()).not.toContain(
      'Part of the model is out of view',
    )
    const boxes = () =>
      a.page.evaluate(() => {
        const editor = window.__tbEditor!
        const canvas = document.querySelector('.tl-canvas')!.getBoundingClientRect()
        return editor
          .getCurrentPageShapes()
          .filter((s) => s.type !== 'arrow')
          .map((s) => {
            const b = editor.getShapePageBounds(s)!
            const from = editor.pageToScreen({ x: b.minX, y: b.minY })
            const to = editor.pageToScreen({ x: b.maxX, y: b.maxY })
            return {
              type: s.type,
              box: { x: from.x, y: from.y, width: to.x - from.x, height: to.y - from.y },
              inside:
                from.x >= canvas.left &&
                from.y >= canvas.top &&
                to.x <= canvas.right &&
                to.y <= canvas.bottom,
            }
          })
      })
    await expect.poll(async () => (await boxes()).filter((b) => b.type === 'text')).toHaveLength(1)
    const opened = await boxes()
    expect(opened.filter((b) => !b.inside)).toEqual([])
    const covered = []
    for (const over of [a.page.getByTestId('coverage-toggle'), a.page.locator('.tlui-menu-zone')]) {
      const overBox = (await over.boundingBox())!
      covered.push(...opened.filter((b) => intersects(b.box, overBox)).map((b) => b.type))
    }
    expect(covered).toEqual([])
  })

  it('raised no uncaught error and no Content-Security-Policy violation', () => {
    expect(session.log.errors).toEqual([])
    expect(session.log.foreign(session.server.url)).toEqual([])
  })
})
