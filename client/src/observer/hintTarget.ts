import type { Editor, TLShape, TLShapeId } from 'tldraw'
import type { Asset, Hint, Threat } from '@threatboard/shared'
import type {} from '../shapes/boardShapeTypes.ts'

const quoted = (s: string) => `“${s}”`

/**
 * A board shape in words, as a hint names it: an element by its name, a flow as `the flow
 * “label”`, a boundary as `the trust boundary “name”`, an asset pin by its asset's name, a
 * card by its threat's title. Undefined when the shape is gone.
 */
export function describeShape(
  editor: Editor,
  id: string,
  lookups: { threats: Pick<Threat, 'id' | 'title'>[]; assets: Pick<Asset, 'id' | 'name'>[] },
): string | undefined {
  const shape: TLShape | undefined = editor.getShape(id as TLShapeId)
  if (!shape) return undefined
  switch (shape.type) {
    case 'dfd-node':
      return shape.props.name.trim() || 'an unnamed element'
    case 'trust-boundary':
      return `the trust boundary ${quoted(shape.props.name)}`
    case 'arrow': {
      const label = editor.getShapeUtil(shape).getText(shape)?.trim()
      return label ? `the flow ${quoted(label)}` : 'an unlabelled flow'
    }
    case 'asset-pin': {
      const asset = lookups.assets.find((a) => a.id === shape.props.assetId)
      return asset ? `the asset ${quoted(asset.name)}` : 'an asset pin'
    }
    case 'threat-card': {
      const threat = lookups.threats.find((t) => t.id === shape.props.threatId)
      return threat ? `threat ${quoted(threat.title)}` : 'a threat card'
    }
    default: {
      // A boundary imported as a curve (Threat Dragon) is a line named in its meta.
      const boundary = (shape.meta as { trustBoundary?: { name?: unknown } }).trustBoundary
      if (typeof boundary?.name === 'string') return `the trust boundary ${quoted(boundary.name)}`
      const text = editor.getShapeUtil(shape).getText(shape)?.trim()
      return text ? quoted(text) : 'a shape'
    }
  }
}

/**
 * What a hint about the selected shape is stored on: a threat card's threat (so the hint
 * follows the threat, not its card), else the shape itself.
 */
export function selectionTarget(editor: Editor, id: string): Hint['target'] {
  const shape = editor.getShape(id as TLShapeId)
  if (shape?.type === 'threat-card') return { kind: 'threat', id: shape.props.threatId }
  return { kind: 'element', id }
}

/** The same hint target: same kind, same id. */
export const sameTarget = (a: Hint['target'], b: Hint['target']) =>
  a.kind === b.kind && (a.kind === 'board' || a.id === (b as { id: string }).id)

/** The same selection for the hint form: the same target under the same name (or none). */
export const sameSelection = (
  a: { target: Hint['target']; name: string } | null,
  b: { target: Hint['target']; name: string } | null,
) => a === b || (!!a && !!b && a.name === b.name && sameTarget(a.target, b.target))

/** A hint's target in words: the board, a named element, or a threat's title. */
export function describeTarget(
  target: Hint['target'],
  threats: Pick<Threat, 'id' | 'title'>[],
  elementName: (id: string) => string | undefined,
): string {
  switch (target.kind) {
    case 'board':
      return 'the board'
    case 'element':
      return elementName(target.id) ?? 'an element no longer on the board'
    case 'threat': {
      const threat = threats.find((t) => t.id === target.id)
      return threat ? `threat ${quoted(threat.title)}` : 'a deleted threat'
    }
  }
}
