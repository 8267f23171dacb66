import type { FlowEnd, InteropModel, Point } from './model.ts'

/**
 * Imported drawings are spread out by this factor (positions only; elements keep their size) so
 * that threat cards fit between the elements; the factor is kept in the document and exports
 * divide by it, so a file goes out with the coordinates it came in with.
 */
export const IMPORT_SPREAD = 2
export const SPREAD_KEY = 'interopSpread'

/** The model with every position multiplied by `factor`; element, note and node sizes kept. */
export function spread(model: InteropModel, factor: number): InteropModel {
  if (factor === 1) return model
  const at = <T extends Point>(p: T): T => ({ ...p, x: p.x * factor, y: p.y * factor })
  const end = (e: FlowEnd): FlowEnd => ('element' in e ? e : at(e))
  return {
    ...model,
    elements: model.elements.map(at),
    notes: model.notes.map(at),
    boundaries: model.boundaries.map((b) =>
      b.shape === 'box'
        ? { ...at(b), w: b.w * factor, h: b.h * factor }
        : { ...b, points: b.points.map(at) },
    ),
    flows: model.flows.map((f) => ({ ...f, source: end(f.source), target: end(f.target) })),
  }
}
