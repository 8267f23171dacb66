import type { DiagramFacts, ElementFacts, FlowFacts } from './diagramFacts.ts'

/**
 * Questions about the diagram's structure that several rules ask. Each answers from the flows
 * drawn, so a rule built on them fires because of how the system is connected, not because of
 * what kind of element it is looking at.
 */

/** Flows that carry data into `id` (a two-way flow counts in both directions). */
export function inbound(facts: DiagramFacts, id: string): FlowFacts[] {
  return adjacency(facts).into.get(id) ?? []
}

/** Flows that carry data out of `id`. */
export function outbound(facts: DiagramFacts, id: string): FlowFacts[] {
  return adjacency(facts).outOf.get(id) ?? []
}

/**
 * Every rule asks for the flows of every element, so they are indexed once per facts (which
 * are never changed after they are built): a board of thousands of flows stays linear.
 */
function adjacency(facts: DiagramFacts) {
  let index = adjacencyCache.get(facts)
  if (index) return index
  index = { into: new Map<string, FlowFacts[]>(), outOf: new Map<string, FlowFacts[]>() }
  const add = (map: Map<string, FlowFacts[]>, id: string | undefined, f: FlowFacts) => {
    if (id === undefined) return
    const list = map.get(id)
    if (list) list.push(f)
    else map.set(id, [f])
  }
  for (const f of facts.flows) {
    add(index.into, f.target, f)
    add(index.outOf, f.source, f)
    if (f.bidirectional) {
      add(index.into, f.source, f)
      add(index.outOf, f.target, f)
    }
  }
  adjacencyCache.set(facts, index)
  return index
}
const adjacencyCache = new WeakMap<
  DiagramFacts,
  { into: Map<string, FlowFacts[]>; outOf: Map<string, FlowFacts[]> }
>()

/** The element at the other end of `flow` from `id` (undefined for a free end). */
export function peer(facts: DiagramFacts, flow: FlowFacts, id: string): ElementFacts | undefined {
  const other = flow.source === id ? flow.target : flow.source
  return other === undefined ? undefined : facts.byId.get(other)
}

/**
 * Whether a flow brings data from outside the part of the system it enters: it crosses a trust
 * boundary, runs over a public network, starts at an external entity, or starts nowhere (drawn
 * in from off the diagram).
 */
export function comesFromOutside(facts: DiagramFacts, flow: FlowFacts, into: string): boolean {
  if (flow.crossesBoundary || flow.properties.publicNetwork === true) return true
  const from = peer(facts, flow, into)
  return from === undefined || from.kind === 'external-entity'
}

/**
 * Whether a process or store can be reached directly from outside: it is marked internet
 * facing, or a flow into it comes from outside (see comesFromOutside).
 */
export function reachableFromOutside(facts: DiagramFacts, id: string): boolean {
  const el = facts.byId.get(id)
  if (el?.kind === 'process' && el.properties.internetFacing === true) return true
  return inbound(facts, id).some((f) => comesFromOutside(facts, f, id))
}

/**
 * The elements that outside data can reach by following flows from an element reachable from
 * outside (through processes and stores); such input may be hostile wherever it lands.
 */
export function reachedByOutsideInput(facts: DiagramFacts): Set<string> {
  // Many rules ask this of the same facts; it depends on nothing else.
  const cached = reachedCache.get(facts)
  if (cached) return cached
  const seen = new Set<string>()
  const queue = facts.elements
    .filter((e) => e.kind !== 'data-flow' && reachableFromOutside(facts, e.id))
    .map((e) => e.id)
  for (const id of queue) seen.add(id)
  while (queue.length > 0) {
    const id = queue.shift()!
    for (const f of outbound(facts, id)) {
      const next = peer(facts, f, id)
      if (!next || next.kind === 'external-entity' || seen.has(next.id)) continue
      seen.add(next.id)
      queue.push(next.id)
    }
  }
  reachedCache.set(facts, seen)
  return seen
}
const reachedCache = new WeakMap<DiagramFacts, Set<string>>()

/** The data stores that `id` writes to. */
export function storesWrittenBy(facts: DiagramFacts, id: string): ElementFacts[] {
  return outbound(facts, id)
    .map((f) => peer(facts, f, id))
    .filter((e): e is ElementFacts => e?.kind === 'data-store')
}

/** Whether the process writes to a store marked as a log. */
export function writesToLog(facts: DiagramFacts, id: string): boolean {
  return storesWrittenBy(facts, id).some((s) => s.kind === 'data-store' && s.properties.isLog)
}

/** Protocol names that mean the flow is encrypted (HTTPS, TLS, SSH, "secure" websockets...). */
const ENCRYPTED_PROTOCOL = /https|tls|ssl|ssh|sftp|wss|ipsec|vpn|secure/i

/**
 * Whether a flow is encrypted: marked so, or its protocol (or its label, which authors often use
 * for the protocol) names an encrypted one.
 */
export function isEncrypted(flow: FlowFacts): boolean {
  if (flow.properties.encrypted === true) return true
  return ENCRYPTED_PROTOCOL.test(`${flow.properties.protocol ?? ''} ${flow.name}`)
}

/** Protocols that send everything, credentials included, in clear text. */
const CLEARTEXT_PROTOCOL = /^(http|ws|ftp|telnet|upnp|mqtt|smtp|ldap|snmp)$/i

/** Whether a flow names a clear-text protocol and is not otherwise known to be encrypted. */
export const usesCleartextProtocol = (flow: FlowFacts) =>
  !isEncrypted(flow) && CLEARTEXT_PROTOCOL.test((flow.properties.protocol ?? '').trim())
