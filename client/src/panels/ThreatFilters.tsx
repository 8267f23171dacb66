import type { Editor, TLShape } from 'tldraw'
import {
  SEVERITIES,
  STRIDE,
  STRIDE_INFO,
  THREAT_STATUSES,
  richTextToPlain,
  type Threat,
} from '@threatboard/shared'
import type {} from '../shapes/boardShapeTypes.ts'
import { label } from './EnumSelect.tsx'

export interface ThreatFilter {
  category?: string
  severity?: string
  status?: string
  element?: string
  /** Words looked for in the title, description and mitigation, in any case. */
  text?: string
}

/** Whether any filter is set. */
export function isFiltering(f: ThreatFilter): boolean {
  return Object.values(f).some((v) => v !== undefined && v !== '')
}

export function matches(t: Threat, f: ThreatFilter): boolean {
  return (
    (!f.category || t.category === f.category) &&
    (!f.severity || t.severity === f.severity) &&
    (!f.status || t.status === f.status) &&
    (!f.element || t.targets.elements.includes(f.element)) &&
    (!f.text || hasWords(t, f.text))
  )
}

/** Every word of `text` is in the threat's title, description or mitigation (any case). */
function hasWords(t: Threat, text: string): boolean {
  const words = text.toLocaleLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0) return true
  const haystack = `${t.title}\n${t.description}\n${t.mitigation}`.toLocaleLowerCase()
  return words.every((w) => haystack.includes(w))
}

/**
 * An element's or a flow's name. A flow's is read from its rich text directly: the model panel
 * lists every element and flow again on every change of any shape, and tldraw's own `getText`
 * (which renders the rich text through its editor's schema) took ~0.9 ms a flow, 600 ms for the
 * 700 flows of a 2,000-shape board's first open (bench/RESULTS.md).
 */
export function shapeName(editor: Editor, s: TLShape): string {
  if (s.type === 'dfd-node' || s.type === 'trust-boundary') return s.props.name
  const text =
    s.type === 'arrow' ? richTextToPlain(s.props.richText) : editor.getShapeUtil(s).getText(s)
  return text?.trim() || 'Data flow'
}

const RANK: Record<string, number> = { 'dfd-node': 0, arrow: 1, 'trust-boundary': 2 }
/**
 * One collator for every sort: `localeCompare` sets one up per call, and this list is rebuilt on
 * every change of any shape.
 */
const byName = new Intl.Collator()

/**
 * The element filter's choices: elements, then flows, then trust boundaries, each in
 * alphabetical order, and named as the hint form names them, so a flow reads as one
 * (`the flow “Mark paid”`) rather than as another element.
 */
export function elementFilterOptions(editor: Editor, shapes: TLShape[]) {
  const text = (s: TLShape) => {
    const name = shapeName(editor, s)
    if (s.type === 'arrow')
      return name === 'Data flow' ? 'an unlabelled flow' : `the flow “${name}”`
    return s.type === 'trust-boundary' ? `the trust boundary “${name}”` : name
  }
  return shapes
    .filter((s) => s.type in RANK)
    .map((s) => ({ id: s.id as string, name: text(s), rank: RANK[s.type]! }))
    .sort((a, b) => a.rank - b.rank || byName.compare(a.name, b.name))
    .map(({ id, name }) => ({ id, name }))
}

/** Filters of the threat list: words, category, severity, status, element. */
export function ThreatFilters(props: {
  filter: ThreatFilter
  onChange: (f: ThreatFilter) => void
  elements: { id: string; name: string }[]
}) {
  const select = (
    key: Exclude<keyof ThreatFilter, 'text'>,
    name: string,
    options: [string, string][],
  ) => (
    <select
      aria-label={`Filter by ${name}`}
      data-testid={`filter-${key}`}
      value={props.filter[key] ?? ''}
      onChange={(e) => props.onChange({ ...props.filter, [key]: e.target.value || undefined })}
    >
      <option value="">Any {name}</option>
      {options.map(([value, text]) => (
        <option key={value} value={value}>
          {text}
        </option>
      ))}
    </select>
  )
  return (
    <div className="tb-filters">
      <input
        type="search"
        className="tb-filters__text"
        aria-label="Search threats"
        placeholder="Search titles, descriptions, mitigations"
        data-testid="filter-text"
        maxLength={200}
        value={props.filter.text ?? ''}
        onChange={(e) => props.onChange({ ...props.filter, text: e.target.value || undefined })}
      />
      {select(
        'category',
        'category',
        STRIDE.map((c) => [c, STRIDE_INFO[c].label]),
      )}
      {select(
        'severity',
        'severity',
        SEVERITIES.map((s) => [s, label(s)]),
      )}
      {select(
        'status',
        'status',
        THREAT_STATUSES.map((s) => [s, label(s)]),
      )}
      {select(
        'element',
        'element',
        props.elements.map((e) => [e.id, e.name]),
      )}
    </div>
  )
}
