import { describe, expect, it } from 'vitest'
import { tableColumns } from './tableColumns.ts'

const expectWidths = (got: number[], want: number[]) => {
  expect(got).toHaveLength(want.length)
  got.forEach((x, i) => expect(x).toBeCloseTo(want[i]!))
}

describe('tableColumns', () => {
  it('splits the width by weight when every column is wide enough', () => {
    expectWidths(tableColumns([1, 3], [10, 10], 400), [100, 300])
  })

  it('widens a column to its longest word and takes the difference from the others by weight', () => {
    expectWidths(tableColumns([2, 1, 1], [0, 60, 0], 200), [140 * (2 / 3), 60, 140 / 3])
  })

  it('keeps widening until no column is below its least width', () => {
    // By weight 20, 40, 60: the first is widened to 40, which leaves the second 32 of its 38.
    expectWidths(tableColumns([1, 2, 3], [40, 38, 0], 120), [40, 38, 42])
  })

  it('scales the least widths down together when even they do not fit', () => {
    expectWidths(tableColumns([1, 1, 1, 1], [50, 50, 30, 20], 100), [100 / 3, 100 / 3, 20, 40 / 3])
  })

  it('lets one very long word break rather than squeeze the other columns', () => {
    expectWidths(tableColumns([1, 1, 1, 1], [5000, 20, 20, 20], 400), [
      200,
      200 / 3,
      200 / 3,
      200 / 3,
    ])
  })
})
