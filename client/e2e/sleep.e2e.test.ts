import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { metricsOf } from '@threatboard/shared/testing/metrics'
import type { BoardPage } from './fixtures/BoardPage.ts'
import { E2ESession } from './fixtures/E2ESession.ts'

/**
 * Issue 13, sleeping rooms, as people see them: a team's board left alone with everyone still
 * on it falls asleep on the server (ROOM_SLEEP_AFTER_MS, 2 s by default). Nobody should notice:
 * cursors still move, a latecomer still gets the whole board, and the next edit reaches
 * everyone. /metrics tells whether the room slept and woke. Tests run in order.
 */
describe('a board left alone sleeps on the server, and nobody notices', () => {
  let session: E2ESession
  let owner: BoardPage
  let editor: BoardPage
  let observer: BoardPage
  let latecomer: BoardPage
  /** Wakes counted when the room fell asleep (it may have slept and woken while people joined). */
  let wakesAsleep = NaN
  const metrics = async () => {
    const sample = await metricsOf(session.server.url)
    return {
      asleep: sample('threatboard_rooms_asleep') ?? NaN,
      wakes: sample('threatboard_room_wakes_total') ?? NaN,
    }
  }
  const shapeCount = async (person: BoardPage) => (await person.shapes()).length

  beforeAll(async () => {
    session = await E2ESession.start()
    ;({ owner, editor, observer } = await session.team('Payments API', {
      owner: 'Alice',
      editor: 'Bob',
      observer: 'Carol',
    }))
  })
  afterAll(() => session?.dispose())

  it('Alice draws a box, everyone sees it, and the room falls asleep while they look', async () => {
    await owner.drawRectangle({ x: 300, y: 250 }, { x: 460, y: 350 })
    for (const person of [editor, observer]) {
      await expect.poll(() => shapeCount(person), { timeout: 10_000 }).toBe(1)
    }
    // Three open boards, their cursors still: nothing reads the document, so it sleeps.
    await expect.poll(async () => (await metrics()).asleep, { timeout: 15_000 }).toBe(1)
    wakesAsleep = (await metrics()).wakes
    // And it stays asleep while the three boards sit open: nothing in them reads it.
    await new Promise((resolve) => setTimeout(resolve, 3000))
    expect(await metrics()).toEqual({ asleep: 1, wakes: wakesAsleep })
  })

  it('cursors still move across the sleeping board without waking it', async () => {
    await observer.moveMouse({ x: 620, y: 420 })
    await expect
      .poll(async () => (await owner.remoteCursors()).map((c) => c.name), { timeout: 10_000 })
      .toContain('Carol')
    expect(await metrics()).toEqual({ asleep: 1, wakes: wakesAsleep })
  })

  it('a latecomer gets the whole board from the sleeping room', async () => {
    latecomer = await session.invitee(await owner.inviteLink('viewer'), 'Dan')
    await expect.poll(() => latecomer.shapes(), { timeout: 10_000 }).toEqual(await owner.shapes())
    expect(await shapeCount(latecomer)).toBe(1)
    expect(await metrics()).toEqual({ asleep: 1, wakes: wakesAsleep })
  })

  it("Bob's next box wakes the room and reaches all four boards", async () => {
    await editor.drawRectangle({ x: 600, y: 250 }, { x: 760, y: 350 })
    for (const person of [owner, observer, latecomer]) {
      await expect.poll(() => shapeCount(person), { timeout: 10_000 }).toBe(2)
    }
    const after = await metrics()
    expect(after.wakes).toBe(wakesAsleep + 1)
    // The count reaches 2 when the box appears; its final size follows with the end of the drag.
    const drawn = await editor.shapes()
    await expect.poll(() => latecomer.shapes(), { timeout: 10_000 }).toEqual(drawn)
  })

  it('after a restart of the server, the board holds both boxes', async () => {
    await session.server.restart()
    for (const person of [owner, editor, observer, latecomer]) {
      await person.waitForStatus('live', 20_000)
      await expect.poll(() => shapeCount(person), { timeout: 10_000 }).toBe(2)
    }
    expect(session.log.errors).toEqual([])
  })
})
