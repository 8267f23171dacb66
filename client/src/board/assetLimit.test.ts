import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DEFAULT_LIMITS } from '@threatboard/shared'
import { maxAssetBytes, maxTextBytes } from './assetLimit.ts'
import { pastedTextBytes } from './TextPasteLimit.tsx'

const base64Length = (bytes: number) => Math.ceil(bytes / 3) * 4

describe('maxAssetBytes', () => {
  it('lets the largest file taken in fit one sync message once written as a data: URL', () => {
    for (const limit of [DEFAULT_LIMITS.maxMessageBytes, 64 * 1024, 8 * 1024 * 1024]) {
      const max = maxAssetBytes(limit)
      expect(max).toBeGreaterThan(limit / 2)
      expect(base64Length(max) + 'data:image/png;base64,'.length).toBeLessThan(limit - 8 * 1024)
    }
  })

  it('takes no file at all under a limit too small for one', () => {
    expect(maxAssetBytes(1024)).toBe(0)
  })
})

describe('maxTextBytes', () => {
  it('lets the longest text taken in fit one sync message as a text shape’s record', () => {
    for (const limit of [DEFAULT_LIMITS.maxMessageBytes, 256 * 1024]) {
      // The most a pasted text may be, by its estimate: many short lines, and one long one.
      for (const line of ['GET /api/orders 200\n', 'é'.repeat(999) + '\n']) {
        const lineBytes = pastedTextBytes(line + line) - pastedTextBytes(line)
        const text = line.repeat(
          Math.floor((maxTextBytes(limit) - pastedTextBytes('')) / lineBytes),
        )
        expect(pastedTextBytes(text)).toBeLessThanOrEqual(maxTextBytes(limit))
        expect(pastedTextBytes(text + line)).toBeGreaterThan(maxTextBytes(limit))
        const doc = new Y.Doc()
        const props = new Y.Map<unknown>()
        doc.getMap('tl_records').set('shape:pasted', props)
        props.set('richText', {
          type: 'doc',
          content: text.split('\n').map((l) => ({
            type: 'paragraph',
            content: l ? [{ type: 'text', text: l }] : [],
          })),
        })
        const update = Y.encodeStateAsUpdate(doc)
        expect(update.byteLength).toBeGreaterThan(limit / 2)
        expect(update.byteLength).toBeLessThan(limit)
      }
    }
  })
})
