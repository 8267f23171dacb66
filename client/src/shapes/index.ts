import './shapes.css'
import { ArrowShapeUtil, defaultBindingUtils, defaultShapeUtils } from 'tldraw'
import { AnchorBindingUtil } from './anchor/AnchorBindingUtil.ts'
import { AssetPinShapeUtil } from './assetPin/AssetPinShapeUtil.tsx'
import { DataFlowShapeUtil } from './dataFlow/DataFlowShapeUtil.tsx'
import { DfdNodeShapeUtil } from './dfdNode/DfdNodeShapeUtil.tsx'
import { DataStoreTool, ExternalEntityTool, ProcessTool } from './dfdNode/DfdNodeTool.ts'
import { ThreatCardShapeUtil } from './threatCard/ThreatCardShapeUtil.tsx'
import { TrustBoundaryShapeUtil } from './trustBoundary/TrustBoundaryShapeUtil.tsx'
import { TrustBoundaryTool } from './trustBoundary/TrustBoundaryTool.ts'

/** Threatboard's shapes beside tldraw's: the same list for the store and for <Tldraw>. */
export const boardShapeUtils = [
  // Arrows are the board's data flows: tldraw's arrow with an export of its own.
  ...defaultShapeUtils.filter((util) => util !== ArrowShapeUtil),
  DataFlowShapeUtil,
  DfdNodeShapeUtil,
  TrustBoundaryShapeUtil,
  ThreatCardShapeUtil,
  AssetPinShapeUtil,
]

export const boardBindingUtils = [...defaultBindingUtils, AnchorBindingUtil]

/** The DFD tools, added to tldraw's own (see toolbar/boardTools.tsx for ids and shortcuts). */
export const boardTools = [ExternalEntityTool, ProcessTool, DataStoreTool, TrustBoundaryTool]
