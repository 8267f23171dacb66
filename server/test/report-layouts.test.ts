import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  getRecordsMap,
  RecommendationSchema,
  ThreatSchema,
  writeEntity,
  writeRecord,
  writeSession,
} from '@threatboard/shared'
import { connectSynced, type TestClient } from './helpers/clients.ts'
import { waitFor } from './helpers/poll.ts'
import { firstRule, readPdf } from './helpers/reportFiles.ts'
import {
  checkoutModel,
  CHECKOUT_RECOMMENDATIONS,
  writeCheckoutRoom,
} from './helpers/reportModel.ts'
import { createRoomFull, startServer, type TestServer, type Tokens } from './helpers/server.ts'

const THREAT_TITLES = checkoutModel().threats.map((t) => t.title)
const HIGH_RECOMMENDATIONS = CHECKOUT_RECOMMENDATIONS.filter(([, p]) => p === 'high').map(
  ([, , , text]) => text,
)

describe('report layouts of a 20-threat model', () => {
  let s: TestServer
  let room: { id: string; tokens: Tokens }
  let editor: TestClient

  const get = (query: string, id = room.id, token = room.tokens.viewer) =>
    fetch(`${s.url}/api/rooms/${id}/report?${query}`, {
      headers: { authorization: `Bearer ${token}` },
    })
  const text = async (query: string) => {
    const res = await get(query)
    expect(res.status).toBe(200)
    return res.text()
  }
  const pdf = async (query: string) => readPdf(Buffer.from(await (await get(query)).arrayBuffer()))
  const post = (path: string, body: unknown) =>
    fetch(`${s.url}/api/rooms/${room.id}/${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${room.tokens.observer}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    })

  beforeAll(async () => {
    s = await startServer()
    room = await createRoomFull(s.url, 'Web shop checkout')
    editor = await connectSynced(s.wsBase, room.id, room.tokens.editor)
    writeCheckoutRoom(editor.doc, 'large')
    for (const hint of [
      {
        text: 'Is the signature checked?',
        author: 'Sam',
        target: { kind: 'element', id: 'shape:f9' },
      },
      { text: 'Who can restore a backup?', author: 'Sam', target: { kind: 'threat', id: 't3' } },
      {
        text: 'Where do the keys live?',
        author: 'Sam',
        target: { kind: 'element', id: 'shape:vault' },
      },
      { text: 'Nice board overall.', author: 'Sam', target: { kind: 'board' } },
    ])
      expect((await post('hints', hint)).status).toBe(201)
    expect(
      (
        await post('reviews', {
          reviewer: 'Sam',
          verdict: 'changes-requested',
          comment: 'Owners needed for every High.',
        })
      ).status,
    ).toBe(201)
    await waitFor(async () => {
      const r = await (await get('format=json')).json()
      return r.counts?.threats === 20 && r.counts.recommendations === 13 && r.hints?.length === 4
    }, 'the server to have the model')
  })

  afterAll(async () => {
    editor.destroy()
    await s.close()
  })

  it('summary: the PDF is exactly one page and carries the summary', async () => {
    const { pages, text: all } = await pdf('format=pdf&layout=summary')
    expect(pages).toBe(1)
    for (const expected of [
      'Summary',
      'Threats by severity',
      'Threats by STRIDE category',
      'Changes requested by Sam',
      // What was asked for, quoted under the verdict.
      '“Owners needed for every High.”',
      'Open Critical and High threats without a recommendation',
      'Forged payment webhook marks an order as paid',
      'Exceptions',
      'Queue confirmation e-mails and retry',
      ...HIGH_RECOMMENDATIONS,
    ])
      expect(all).toContain(expected)
    expect(all).toContain('owner Priya')
    expect(all).toContain('no owner')
    expect(all).not.toContain('Inventory')
    // Who took part, on the one page too (the full report lists them under the session).
    expect(all.replace(/\s+/g, ' ')).toContain(
      'Participants: Ada (Facilitator), Bo (Lead engineer), Sam (Security observer), Priya (Product manager)',
    )
  })

  it('ticket: Markdown under 4,000 characters naming every High recommendation', async () => {
    const ticket = await text('format=markdown&layout=ticket')
    expect(ticket.length).toBeLessThan(4000)
    for (const rec of HIGH_RECOMMENDATIONS) expect(ticket).toContain(rec)
    expect(ticket).toContain('Session token replayed to buy with a saved card')
    expect(ticket).toContain('20 threats')
    expect(ticket).toContain('Changes requested by Sam')
    expect(ticket).toContain('> “Owners needed for every High.”')
    expect(ticket).toContain(
      'Participants: Ada (Facilitator), Bo (Lead engineer), Sam (Security observer)',
    )
    // A tracker takes it as is: no tables, no HTML, no diagram.
    expect(ticket).not.toMatch(/^\|/m)
    expect(ticket).not.toContain('```')

    // A ticket's printed form is the one-page summary; CSV and JSON always carry everything.
    expect((await pdf('format=pdf&layout=ticket')).pages).toBe(1)
    const html = await text('format=html&layout=ticket')
    expect(html).toContain('<h2 id="summary">Summary</h2>')
    expect(html).toContain('<p class="review-note">“Owners needed for every High.”</p>')
    expect(html).toContain('<p>Participants: Ada (Facilitator), Bo (Lead engineer),')
    expect(html).not.toContain('<h2>Inventory</h2>')
    expect(await text('format=csv&layout=ticket')).toBe(await text('format=csv&layout=full'))
  })

  it('full: the summary page, then the inventory, then every threat', async () => {
    const md = await text('format=markdown&layout=full')
    const at = (s: string) => md.indexOf(s)
    expect(at('## Summary')).toBeGreaterThan(0)
    expect(at('## Summary')).toBeLessThan(at('## Inventory'))
    expect(at('> “Owners needed for every High.”')).toBeGreaterThan(at('## Summary'))
    expect(at('> “Owners needed for every High.”')).toBeLessThan(at('## Inventory'))
    expect(at('## Inventory')).toBeLessThan(at('## Threats'))
    for (const title of THREAT_TITLES) expect(md).toContain(title)
    expect(md).toContain('| Card token vault | Data store | yes | PCI zone | Saved card tokens |')
    expect(md).toContain(
      '| Order confirmation | Checkout API → Email service | SMTP | no | yes | yes |',
    )

    const { pages, page, text: all } = await pdf('format=pdf&layout=full')
    expect(pages).toBeGreaterThan(2)
    expect(page(1)).toContain('Summary')
    expect(page(1)).toContain('Threats by severity')
    expect(page(1)).not.toContain('Inventory')
    expect(all).toContain('Inventory')
    expect(all).toContain('Pinned assets')
    expect(all).toContain('Saved card tokens')
    for (const title of THREAT_TITLES) expect(all).toContain(title)

    // The diagram's sheet is turned to the drawing (landscape here): its heading's rule runs
    // from margin to margin of that sheet, as on the portrait ones.
    const full = Buffer.from(await (await get('format=pdf&layout=full')).arrayBuffer())
    expect(page(2)).toContain('Diagram')
    const sheets = [1, 2].map((n) => firstRule(full, n))
    expect(sheets[0], 'the summary page has a heading rule').toBeDefined()
    const margin = 50 / 842 // the report's margin, as a fraction of a landscape A4 sheet
    expect(sheets[1]!.left).toBeCloseTo(margin, 1)
    expect(sheets[1]!.right).toBeGreaterThan(1 - margin - 0.02)

    const html = await text('format=html&layout=full')
    expect(html.indexOf('<h2 id="summary">')).toBeLessThan(html.indexOf('<h2>Inventory</h2>'))
    expect(html).toMatch(/<svg class="chart"[^>]*aria-label="Threats by severity/)
    for (const title of THREAT_TITLES) expect(html).toContain(title)
  })

  it('defaults to the layout of the session size and refuses a bad layout', async () => {
    expect(await text('format=markdown')).toContain('## Inventory') // Large → full
    writeSession(editor.doc, { size: 'small' })
    await waitFor(
      async () => (await text('format=markdown')).startsWith('## Threat model:'),
      'Small to give the ticket',
    )
    writeSession(editor.doc, { size: 'medium' })
    await waitFor(async () => {
      const md = await text('format=markdown')
      return md.includes('## Summary') && !md.includes('## Inventory')
    }, 'Medium to give the summary')
    expect((await pdf('format=pdf')).pages).toBe(1)
    writeSession(editor.doc, { size: 'large' })

    const bad = await get('format=markdown&layout=poster')
    expect(bad.status).toBe(400)
    expect((await bad.json()).error.message).toContain(
      'layout must be one of ticket, summary, full',
    )
    const zone = await get('format=markdown&tz=Mars/Olympus')
    expect(zone.status).toBe(400)
    expect((await zone.json()).error.message).toContain('tz must be an IANA time zone')
  })

  it('writes Markdown a person reads: no needless escapes, times with their zone', async () => {
    const md = await text('format=markdown&layout=full')
    expect(md).not.toContain('\\-')
    expect(md).not.toContain('\\(')
    expect(md).not.toContain('\\.')
    expect(md).not.toContain('&amp;')
    expect(md).toContain('before the 2026-11-30 launch; R&D owns the API.')
    expect(md).toContain('Encrypt DB backups & restrict the key to the on-call role')
    expect(md).toContain('Order e-mails sent in clear text (SMTP without TLS)')
    expect(md).toMatch(/Generated \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC/)
    expect(md).toContain('session started 30 Nov 2026, 18:30 UTC')
    const berlin = await text('format=markdown&layout=full&tz=Europe/Berlin')
    expect(berlin).toContain('session started 30 Nov 2026, 19:30 CET')
    // JSON keeps ISO 8601.
    const json = await (await get('format=json')).json()
    expect(json.generatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
  })

  it('names related items by title in the CSV', async () => {
    const csv = await text('format=csv')
    const row = (id: string) => csv.split('\r\n').find((l) => l.split(',')[1] === id) ?? ''
    expect(row('r1')).toContain('Session token replayed to buy with a saved card [t1]')
    expect(row('t1')).toContain('Bind saved-card purchases to a fresh re-authentication [r1]')
  })

  it('says what each hint is about, in every format', async () => {
    const json = await (await get('format=json')).json()
    expect(json.hints.map((h: { about: unknown }) => h.about)).toEqual([
      { kind: 'flow', id: 'shape:f9', name: 'Payment webhook' },
      { kind: 'threat', id: 't3', name: 'Orders DB backups readable by all engineers' },
      { kind: 'element', id: 'shape:vault', name: 'Card token vault' },
      { kind: 'board', name: '' },
    ])
    const expected = [
      'Hint on flow “Payment webhook”',
      'Hint on threat “Orders DB backups readable by all engineers”',
      'Hint on element “Card token vault”',
      'Hint on the whole board',
    ]
    const md = await text('format=markdown&layout=full')
    const html = await text('format=html&layout=full')
    const { text: pdfText } = await pdf('format=pdf&layout=full')
    for (const e of expected) {
      expect(md).toContain(e)
      expect(html).toContain(e)
      expect(pdfText).toContain(e)
    }
  })

  it('says no Critical or High threat is open, in every format, when none is', async () => {
    const calm = await createRoomFull(s.url, 'Only a medium threat')
    const client = await connectSynced(s.wsBase, calm.id, calm.tokens.editor)
    try {
      writeEntity(
        client.doc,
        'threats',
        ThreatSchema.parse({
          id: 't1',
          category: 'tampering',
          title: 'Audit log rows can be edited',
          targets: { elements: [], assets: [] },
          severity: 'medium',
          status: 'open',
          createdAt: 1,
        }),
      )
      const read = async (query: string) => {
        const res = await get(query, calm.id, calm.tokens.viewer)
        expect(res.status).toBe(200)
        return query.includes('pdf')
          ? readPdf(Buffer.from(await res.arrayBuffer())).text
          : res.text()
      }
      await waitFor(
        async () => JSON.parse(await read('format=json')).counts?.threats === 1,
        'the threat to arrive',
      )
      for (const query of ['format=pdf&layout=summary', 'format=html', 'format=markdown']) {
        const all = await read(query)
        expect(all, query).toContain('None: no Critical or High threat is open.')
        expect(all, query).not.toContain('each has a recommendation')
      }
    } finally {
      client.destroy()
    }
  })

  it('says a room with no open threat has none, not that every one has a recommendation', async () => {
    const empty = await createRoomFull(s.url, 'Nothing found yet')
    for (const query of [
      'format=pdf&layout=full',
      'format=html&layout=full',
      'format=markdown&layout=full',
    ]) {
      const res = await get(query, empty.id, empty.tokens.viewer)
      expect(res.status).toBe(200)
      const all = query.includes('pdf')
        ? readPdf(Buffer.from(await res.arrayBuffer())).text
        : await res.text()
      expect(all, query).toContain('No open threats.')
      expect(all, query).not.toContain('Every open threat has a recommendation')
    }
  })

  it('keeps the summary on one page when every list overflows', async () => {
    const big = await createRoomFull(s.url, 'A very long list')
    const client = await connectSynced(s.wsBase, big.id, big.tokens.editor)
    try {
      for (let i = 0; i < 40; i++) {
        const title = `Critical weakness number ${i} in a component whose name is long enough to wrap twice on the page`
        writeEntity(
          client.doc,
          'threats',
          ThreatSchema.parse({
            id: `t${i}`,
            category: 'tampering',
            title,
            targets: { elements: [], assets: [] },
            severity: 'critical',
            status: 'open',
            createdAt: 1,
          }),
        )
      }
      for (let i = 0; i < 30; i++)
        writeEntity(
          client.doc,
          'recommendations',
          RecommendationSchema.parse({
            id: `r${i}`,
            text: `High recommendation ${i}: ${'do the careful thing '.repeat(12)}`,
            priority: 'high',
            threatIds: [`t${i}`],
            owner: 'Somebody with a long name',
            status: i < 10 ? 'exception' : 'proposed',
            ...(i < 10 ? { exception: { approvedBy: 'CISO', reason: 'x '.repeat(200) } } : {}),
          }),
        )
      await waitFor(async () => {
        const r = await (await get('format=json', big.id, big.tokens.viewer)).json()
        return r.counts?.recommendations === 30
      }, 'the big model to arrive')
      const res = await get('format=pdf&layout=summary', big.id, big.tokens.viewer)
      const { pages, text: all } = readPdf(Buffer.from(await res.arrayBuffer()))
      expect(pages).toBe(1)
      expect(all).toMatch(/and \d+ more in the full report/)
      // A recommendation too long for its line is cut, not who owns it or its state.
      expect(all).toContain('… — owner Somebody with a long name, proposed')
    } finally {
      client.destroy()
    }
  })

  it('full PDF of a board with several pages: the inventory’s columns hold their words whole', async () => {
    const paged = await createRoomFull(s.url, 'Two pages')
    const client = await connectSynced(s.wsBase, paged.id, paged.tokens.editor)
    try {
      writeCheckoutRoom(client.doc)
      const records = getRecordsMap(client.doc)
      writeRecord(records, {
        id: 'page:backoffice',
        typeName: 'page',
        name: 'Back office',
        index: 'a2',
        meta: {},
      })
      client.doc.transact(() => {
        for (const id of ['shape:admin', 'shape:console'])
          records.get(id)!.set('parentId', 'page:backoffice')
      })
      await waitFor(async () => {
        const r = await (await get('format=json', paged.id, paged.tokens.viewer)).json()
        return r.diagrams?.length === 2
      }, 'the second page to arrive')
      const res = await get('format=pdf&layout=full', paged.id, paged.tokens.viewer)
      const { text: all } = readPdf(Buffer.from(await res.arrayBuffer()))
      // The Page column narrows the others; a header is wrapped between words, never inside one
      // ("Encrypte d" was what a proportional split gave).
      for (const header of ['Trust boundary', 'Pinned assets', 'Encrypted', 'Protocol', 'Page'])
        expect(all).toContain(header)
      expect(all).toContain('Admin console Process yes')
    } finally {
      client.destroy()
    }
  })
})
