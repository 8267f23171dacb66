import {
  createBindingPropsMigrationSequence,
  createShapePropsMigrationSequence,
  type RecordProps,
  type TLShape,
} from '@tldraw/tlschema'
import { T } from '@tldraw/validate'

/**
 * Threatboard's own tldraw shapes and bindings: their types, props validators and migrations.
 * They live here because the server builds the same schema as the client (to seed, migrate and
 * validate rooms), and a client whose shapes differ from the room's cannot bind to it.
 */

/** A data-flow-diagram node: external entity (actor), process or data store. */
export const DFD_NODE = 'dfd-node'
export const DFD_NODE_KINDS = ['external-entity', 'process', 'data-store'] as const
export type DfdNodeKind = (typeof DFD_NODE_KINDS)[number]

/** A trust boundary: a dashed region that DFD nodes sit inside. */
export const TRUST_BOUNDARY = 'trust-boundary'
/** A STRIDE threat card; `threatId` names the threat in the model (tb_threats). */
export const THREAT_CARD = 'threat-card'
/** An asset pin; `assetId` names the asset in the catalogue (tb_assets). */
export const ASSET_PIN = 'asset-pin'
/** Binds a threat card or asset pin to the shape it is about, at an offset, so it moves with it. */
export const ANCHOR_BINDING = 'tb-anchor'

declare module '@tldraw/tlschema' {
  export interface TLGlobalShapePropsMap {
    [DFD_NODE]: {
      w: number
      h: number
      kind: DfdNodeKind
      name: string
      inScope: boolean
      description: string
    }
    [TRUST_BOUNDARY]: { w: number; h: number; name: string }
    [THREAT_CARD]: { w: number; h: number; threatId: string }
    [ASSET_PIN]: { w: number; h: number; assetId: string }
  }
  export interface TLGlobalBindingPropsMap {
    [ANCHOR_BINDING]: { dx: number; dy: number }
  }
}

export type DfdNodeShape = TLShape<typeof DFD_NODE>
export type TrustBoundaryShape = TLShape<typeof TRUST_BOUNDARY>
export type ThreatCardShape = TLShape<typeof THREAT_CARD>
export type AssetPinShape = TLShape<typeof ASSET_PIN>

const name = T.string.check((v) => {
  if (v.length > 200) throw new Error('name must be at most 200 characters')
})

export const dfdNodeProps: RecordProps<DfdNodeShape> = {
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
  kind: T.literalEnum(...DFD_NODE_KINDS),
  name,
  inScope: T.boolean,
  description: T.string,
}
export const trustBoundaryProps: RecordProps<TrustBoundaryShape> = {
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
  name,
}
export const threatCardProps: RecordProps<ThreatCardShape> = {
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
  threatId: T.string,
}
export const assetPinProps: RecordProps<AssetPinShape> = {
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
  assetId: T.string,
}
export const anchorBindingProps = { dx: T.number, dy: T.number }

/** No migrations yet: each sequence starts empty and grows when props change. */
const noMigrations = () => createShapePropsMigrationSequence({ sequence: [] })

/** The `shapes` and `bindings` options of `createTLSchema`, beside tldraw's defaults. */
export const BOARD_SHAPE_SCHEMAS = {
  [DFD_NODE]: { props: dfdNodeProps, migrations: noMigrations() },
  [TRUST_BOUNDARY]: { props: trustBoundaryProps, migrations: noMigrations() },
  [THREAT_CARD]: { props: threatCardProps, migrations: noMigrations() },
  [ASSET_PIN]: { props: assetPinProps, migrations: noMigrations() },
}
export const BOARD_BINDING_SCHEMAS = {
  [ANCHOR_BINDING]: {
    props: anchorBindingProps,
    migrations: createBindingPropsMigrationSequence({ sequence: [] }),
  },
}

/**
 * Data flows are tldraw arrows between DFD nodes. Their flags live in the arrow's `meta`
 * under `dataFlow`; the label is the arrow's own text.
 */
export interface DataFlowMeta {
  protocol: string
  encrypted: boolean
  publicNetwork: boolean
}

export function readDataFlowMeta(meta: unknown): DataFlowMeta | undefined {
  const df = (meta as { dataFlow?: Partial<DataFlowMeta> } | undefined)?.dataFlow
  if (!df || typeof df !== 'object') return undefined
  return {
    protocol: typeof df.protocol === 'string' ? df.protocol : '',
    encrypted: df.encrypted === true,
    publicNetwork: df.publicNetwork === true,
  }
}

/**
 * The ids of the arrows that are data flows: those carrying flow facts (`meta.dataFlow`) and
 * those bound at either end to a DFD node, from a room's records.
 */
export function dataFlowIds(
  records: readonly { id: string; typeName: string; type?: unknown; [k: string]: unknown }[],
): Set<string> {
  const nodes = new Set(records.filter((r) => r.type === DFD_NODE).map((r) => r.id))
  const flows = new Set<string>()
  for (const r of records) {
    if (r.typeName === 'shape' && r.type === 'arrow' && readDataFlowMeta(r.meta)) flows.add(r.id)
    if (r.typeName === 'binding' && r.type === 'arrow' && nodes.has(r.toId as string)) {
      flows.add(r.fromId as string)
    }
  }
  return flows
}
