import './shapes.css'
import { ArrowShapeUtil, defaultBindingUtils, defaultShapeUtils, EmbedShapeUtil } from 'tldraw'
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
  ...defaultShapeUtils.filter((util) => util !== ArrowShapeUtil && util !== EmbedShapeUtil),
  // No site is embedded: a pasted Figma or YouTube link would be a frame the Content Security
  // Policy blocks (`frame-src` falls back to 'self'), and every visitor's browser would call it.
  // It becomes a bookmark of its address instead (board/linkBookmarks.ts).
  EmbedShapeUtil.configure({ embedDefinitions: [] }),
  DataFlowShapeUtil,
  DfdNodeShapeUtil,
  TrustBoundaryShapeUtil,
  ThreatCardShapeUtil,
  AssetPinShapeUtil,
]

export const boardBindingUtils = [...defaultBindingUtils, AnchorBindingUtil]

/** The DFD tools, added to tldraw's own (see toolbar/boardTools.tsx for ids and shortcuts). */
export const boardTools = [ExternalEntityTool, ProcessTool, DataStoreTool, TrustBoundaryTool]
