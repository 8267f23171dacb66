import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS } from '@threatboard/shared'
import { maxAssetBytes } from './assetLimit.ts'

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
