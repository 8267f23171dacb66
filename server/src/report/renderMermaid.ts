import type { Inventory, InventoryBoundary, InventoryElement } from './buildInventory.ts'
import { clip, label } from './text.ts'

/**
 * A label inside Mermaid's double quotes. Mermaid reads `#name;` / `#123;` entity codes there,
 * so every character with a meaning to Mermaid or to the HTML it draws is written as one: `"`,
 * `#`, `%` (a `%%{` directive anywhere would reconfigure the chart), `<`, `>`, `&`, `` ` ``
 * (a backquoted Markdown string) and `\`.
 */
export function mermaidLabel(text: string): string {
  // Control characters and line separators would end the statement: they become spaces.
  const flat = clip(text, 80).replace(/[\p{Cc}\u2028\u2029]/gu, ' ')
  return `"${flat.replace(/["#%<>&`\\]/g, (c) => `#${c.charCodeAt(0)};`)}"`
}

/** The node syntax of each element kind: external entity a box, process a stadium, store a cylinder. */
const SHAPE: Record<InventoryElement['kind'], [string, string]> = {
  'external-entity': ['[', ']'],
  process: ['([', '])'],
  'data-store': ['[(', ')]'],
}

/**
 * The data-flow diagram as a Mermaid `flowchart`, which GitHub and GitLab draw where the
 * Markdown is read. Ids are generated (`n1`, `b1`, `p1`), never taken from the board, and every
 * name goes through `mermaidLabel`, so no name can break the chart. Trust boundaries are
 * subgraphs holding the elements inside them; a board of several pages has one subgraph per page.
 * Returns null when the board has no elements.
 */
export function renderMermaid(inv: Inventory): string | null {
  if (inv.elements.length === 0) return null
  const nodeId = new Map(inv.elements.map((e, i) => [e.id, `n${i + 1}`]))
  const boundaryId = new Map(inv.boundaries.map((b, i) => [b.id, `b${i + 1}`]))
  const out = ['flowchart LR']
  const node = (e: InventoryElement, indent: string) => {
    const [open, close] = SHAPE[e.kind]
    out.push(`${indent}${nodeId.get(e.id)}${open}${mermaidLabel(e.name || label(e.kind))}${close}`)
  }
  const drawn: string[] = []
  const pages = [...new Set(inv.elements.map((e) => e.page))]
  const paged = pages.length > 1
  pages.forEach((page, i) => {
    const indent = paged ? '    ' : '  '
    if (paged) out.push(`  subgraph p${i + 1}[${mermaidLabel(page || `Page ${i + 1}`)}]`)
    const here = inv.elements.filter((e) => e.page === page)
    const holds = (b: InventoryBoundary): boolean =>
      here.some((e) => e.boundaryId === b.id) ||
      inv.boundaries.some((c) => c.parentId === b.id && holds(c))
    // Boundaries nest as they are drawn: a box inside a box is a subgraph inside a subgraph.
    const boundary = (b: InventoryBoundary, pad: string, depth: number) => {
      if (!holds(b) || depth > 20) return
      drawn.push(boundaryId.get(b.id)!)
      out.push(
        `${pad}subgraph ${boundaryId.get(b.id)}[${mermaidLabel(b.name || 'Trust boundary')}]`,
      )
      for (const c of inv.boundaries.filter((x) => x.parentId === b.id))
        boundary(c, `${pad}  `, depth + 1)
      for (const e of here.filter((x) => x.boundaryId === b.id)) node(e, `${pad}  `)
      out.push(`${pad}end`)
    }
    for (const b of inv.boundaries.filter((x) => x.parentId === null)) boundary(b, indent, 0)
    for (const e of here.filter((x) => x.boundaryId === null || !boundaryId.has(x.boundaryId)))
      node(e, indent)
    if (paged) out.push('  end')
  })
  let unattached = 0
  for (const f of inv.flows) {
    const from = f.fromId ? nodeId.get(f.fromId) : undefined
    const to = f.toId ? nodeId.get(f.toId) : undefined
    if (!from || !to) {
      unattached++
      continue
    }
    const text = [f.label, f.protocol && f.protocol !== f.label ? `(${f.protocol})` : '']
      .filter(Boolean)
      .join(' ')
    const arrow = f.bidirectional ? '<-->' : '-->'
    out.push(text ? `  ${from} ${arrow}|${mermaidLabel(text)}| ${to}` : `  ${from} ${arrow} ${to}`)
  }
  if (drawn.length > 0) {
    out.push('  classDef boundary fill:none,stroke:#b42318,stroke-dasharray:6 4')
    out.push(`  class ${drawn.join(',')} boundary`)
  }
  const outOfScope = inv.elements.filter((e) => !e.inScope)
  if (outOfScope.length > 0) {
    out.push('  classDef outOfScope fill:#f3f4f6,color:#5b6475,stroke:#9ca3af')
    out.push(`  class ${outOfScope.map((e) => nodeId.get(e.id)).join(',')} outOfScope`)
  }
  if (unattached > 0) out.push(`  %% ${unattached} flow(s) with an unattached end are not drawn`)
  return out.join('\n')
}
