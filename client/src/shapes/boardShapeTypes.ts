import type { TLShape } from 'tldraw'
import type { DfdNodeKind } from '@threatboard/shared'

/*
 * The board's shape and binding props, declared for `tldraw` as the client's TypeScript sees it
 * (the bundler resolves tldraw's ESM typings; shared/ augments the same maps for Node). The
 * runtime validators are shared's (shared/src/shapes/boardShapes.ts); keep the two in step.
 */
declare module 'tldraw' {
  export interface TLGlobalShapePropsMap {
    'dfd-node': {
      w: number
      h: number
      kind: DfdNodeKind
      name: string
      inScope: boolean
      description: string
    }
    'trust-boundary': { w: number; h: number; name: string }
    'threat-card': { w: number; h: number; threatId: string }
    'asset-pin': { w: number; h: number; assetId: string }
  }
  export interface TLGlobalBindingPropsMap {
    'tb-anchor': { dx: number; dy: number }
  }
}

export type DfdNodeShape = TLShape<'dfd-node'>
export type TrustBoundaryShape = TLShape<'trust-boundary'>
export type ThreatCardShape = TLShape<'threat-card'>
export type AssetPinShape = TLShape<'asset-pin'>
