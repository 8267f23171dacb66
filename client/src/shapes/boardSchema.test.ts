import { describe, expect, it } from 'vitest'
import { createTLStore } from 'tldraw'
import { createBoardSchema } from '@threatboard/shared'
import { boardBindingUtils, boardShapeUtils } from './index.ts'

describe('the board schema', () => {
  it('is the same on the client store as in the rooms the server creates', () => {
    // The client refuses to bind to a doc whose schema differs (board/checkDocSchema.ts).
    const store = createTLStore({ shapeUtils: boardShapeUtils, bindingUtils: boardBindingUtils })
    const client = store.schema.serialize()
    expect(client).toEqual(createBoardSchema().serialize())
    expect(Object.keys(client.sequences)).toEqual(
      expect.arrayContaining([
        'com.tldraw.shape.dfd-node',
        'com.tldraw.shape.trust-boundary',
        'com.tldraw.shape.threat-card',
        'com.tldraw.shape.asset-pin',
        'com.tldraw.binding.tb-anchor',
      ]),
    )
  })
})
