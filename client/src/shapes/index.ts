import { defaultBindingUtils, defaultShapeUtils } from 'tldraw'
import { AnchorBindingUtil } from './anchor/AnchorBindingUtil.ts'
import { AssetPinShapeUtil } from './assetPin/AssetPinShapeUtil.tsx'
import { DfdNodeShapeUtil } from './dfdNode/DfdNodeShapeUtil.tsx'
import { ThreatCardShapeUtil } from './threatCard/ThreatCardShapeUtil.tsx'
import { TrustBoundaryShapeUtil } from './trustBoundary/TrustBoundaryShapeUtil.tsx'

/** Threatboard's shapes beside tldraw's: the same list for the store and for <Tldraw>. */
export const boardShapeUtils = [
  ...defaultShapeUtils,
  DfdNodeShapeUtil,
  TrustBoundaryShapeUtil,
  ThreatCardShapeUtil,
  AssetPinShapeUtil,
]

export const boardBindingUtils = [...defaultBindingUtils, AnchorBindingUtil]
