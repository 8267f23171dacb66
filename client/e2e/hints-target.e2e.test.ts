import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BoardPage } from './fixtures/BoardPage.ts'
import { E2ESession } from './fixtures/E2ESession.ts'
import { ModelPage, openDetails } from './fixtures/ModelPage.ts'
import { SecurityPanelPage } from './fixtures/SecurityPanel.ts'

/**
 * An owner and an editor model a billing system while a security observer, in a third browser,
 * puts hints on what she selects: the hint lands on the element (or flow) selected when it is
 * sent, is named by it, and shows as a marker on it on the team's board once revealed.
 */
describe('observer hints on their target', () => {
  let session: E2ESession
  let owner: BoardPage
  let editor: BoardPage
  let observer: BoardPage
  let ownerModel: ModelPage
  let observerModel: ModelPage
  let editorModel: ModelPage
  let observerPanel: SecurityPanelPage
  let editorPanel: SecurityPanelPage
  const ids: Record<string, string> = {}
  const viewport = { width: 1400, height: 850 }

  beforeAll(async () => {
    session = await E2ESession.start()
    owner = await session.owner('Billing', 'Olga', viewport)
    editor = await session.invitee(await owner.inviteLink('editor'), 'Eddie', viewport)
    observer = await session.invitee(await owner.inviteLink('observer'), 'Sam', viewport)
    for (const p of [owner, editor, observer]) await p.waitForStatus('live')
    ownerModel = new ModelPage(owner.page)
    editorModel = new ModelPage(editor.page)
    observerModel = new ModelPage(observer.page)
    observerPanel = new SecurityPanelPage(observer.page)
    editorPanel = new SecurityPanelPage(editor.page)
  })

  afterAll(async () => {
    await session?.dispose()
  })

  /** The marker on `shapeId` in `page`, checked to sit on (or at the edge of) the shape. */
  const markerOn = async (model: ModelPage, panel: SecurityPanelPage, shapeId: string) => {
    const marker = (await panel.markers()).find((m) => m.shapeId === shapeId)
    if (!marker) return false
    const box = await model.screenBounds(shapeId)
    const slack = 16
    return (
      marker.x >= box.x - slack &&
      marker.x <= box.x + box.w + slack &&
      marker.y >= box.y - slack &&
      marker.y <= box.y + box.h + slack
    )
  }

  it('the owner draws two elements and a labelled flow between them; the observer sees them', async () => {
    ids.a = await ownerModel.addElement('external-entity', 'Customer browser', { x: 420, y: 420 })
    ids.b = await ownerModel.addElement('data-store', 'Billing DB', { x: 820, y: 420 })
    ids.flow = await ownerModel.addFlow(ids.a, ids.b, 'Invoice requests')
    await expect.poll(async () => (await observerModel.flows()).length).toBe(1)
    await expect.poll(async () => (await observerModel.shapes()).length).toBe(3)
  })

  it('stores a hint on the element selected when it is sent, named by that element', async () => {
    await observerModel.click(ids.a!)
    await expect.poll(() => observerPanel.selectionOption()).toBe('Selected: Customer browser')
    await observerModel.click(ids.b!)
    await expect.poll(() => observerPanel.selectionOption()).toBe('Selected: Billing DB')
    // What is selected is the hint's target before anything is picked.
    expect(await observerPanel.chosenTarget()).toBe('selection')
    const text = 'Who else can read invoices from here?'
    await observerPanel.postHintOnSelection(text, true)
    await expect.poll(() => observerPanel.stagedTexts()).toEqual([text])
    // The next hint starts un-staged again.
    expect(await observerPanel.isStageTicked()).toBe(false)
    // Staged: the team sees neither the hint nor a marker.
    expect(await editorPanel.hintTexts()).toEqual([])
    expect(await editorPanel.markers()).toEqual([])

    await observerPanel.reveal(text)
    await expect.poll(() => editorPanel.hintTexts()).toEqual([text])
    expect(await editorPanel.hintHeads()).toEqual([
      expect.stringContaining('Hint from Sam on Billing DB'),
    ])
    await expect.poll(() => markerOn(editorModel, editorPanel, ids.b!)).toBe(true)
    expect((await editorPanel.markers()).map((m) => m.shapeId)).toEqual([ids.b])
  })

  it('names a hint on a data flow by the flow’s label and marks the flow', async () => {
    await observerModel.click(ids.flow!)
    await expect
      .poll(() => observerPanel.selectionOption())
      .toBe('Selected: the flow “Invoice requests”')
    // Select, write, post: the target is the selection without being picked.
    const text = 'Is the invoice request signed?'
    await observerPanel.postHintAsShown(text)
    await expect.poll(() => editorPanel.hintTexts()).toContain(text)
    const heads = await editorPanel.hintHeads()
    expect(heads).toContainEqual(
      expect.stringContaining('Hint from Sam on the flow “Invoice requests”'),
    )
    await expect.poll(() => markerOn(editorModel, editorPanel, ids.flow!)).toBe(true)
  })

  it('drops the marker once the team resolves the hint', async () => {
    await editorPanel.act('Is the invoice request signed?', 'Resolve')
    await expect
      .poll(async () => (await editorPanel.markers()).map((m) => m.shapeId))
      .toEqual([ids.b])
  })

  it('says so when the threat a hint was picked for is deleted while the observer writes', async () => {
    const threatId = await ownerModel.addThreat(ids.a!)
    const title = (await owner.page
      .locator(`[data-testid="threat-row"][data-threat-id="${threatId}"] button.tb-link`)
      .first()
      .textContent())!
    await expect.poll(() => observerPanel.targetOptions()).toContain(`Threat: ${title}`)
    // Nothing selected on her board: what she picks is the target.
    await observer.page.evaluate(() => {
      window.__tbEditor!.selectNone()
    })
    await observer.page.getByTestId('hint-text').fill('Could a customer deny sending this?')
    await observer.page.getByTestId('hint-target').selectOption({ label: `Threat: ${title}` })
    expect(await observer.page.getByTestId('hint-target-gone').count()).toBe(0)
    // The owner deletes the threat meanwhile.
    const row = owner.page.locator(`[data-testid="threat-row"][data-threat-id="${threatId}"]`)
    await openDetails(row)
    await row.getByTestId('threat-delete').click()
    await owner.page.locator('dialog[open]').getByTestId('confirm-ok').click()
    const gone = observer.page.getByTestId('hint-target-gone')
    await expect.poll(() => gone.count()).toBe(1)
    expect(await gone.textContent()).toBe(
      `The threat “${title}” was deleted while you wrote: this hint is now on the whole board. Pick another target if it is about something else.`,
    )
    expect(await observerPanel.chosenTarget()).toBe('board')
    // Picking again says nothing more.
    await observer.page.getByTestId('hint-target').selectOption({ label: 'Billing DB' })
    expect(await gone.count()).toBe(0)
  })

  it('raised no uncaught error', async () => {
    const dir = process.env.SCREENSHOT_DIR
    if (dir) await editor.page.screenshot({ path: `${dir}/hints-editor.png` })
    expect(session.log.errors).toEqual([])
  })
})
