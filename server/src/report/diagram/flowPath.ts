import type { JsonRecord } from '@threatboard/shared/doc/recordMaps.ts'
import { toLocal, toPage, type Frame, type Point } from './pageFrame.ts'

/** The shape an arrow end is bound to, where it is now. */
export interface BoundTarget {
  record: JsonRecord
  frame: Frame
}

/** One end of an arrow: its binding (if any) and the target it names. */
export interface Terminal {
  binding?: JsonRecord
  target?: BoundTarget
}

/** The flow's drawn course, on the page. */
export interface FlowPath {
  start: Point
  end: Point
  /** SVG path data. */
  d: string
  /**
   * Where the label goes: `labelPosition` of the way along the drawn course (tldraw's 0.5 by
   * default; a person may drag a label along its arrow). An elbow's label stays on its middle leg.
   */
  middle: Point
  /** Unit directions the arrowheads point at each end (outwards). */
  startDir: Point
  endDir: Point
}

const finite = (v: unknown, fallback = 0) =>
  typeof v === 'number' && Number.isFinite(v) ? v : fallback
const vec = (v: unknown): Point => {
  const o = (v ?? {}) as { x?: unknown; y?: unknown }
  return { x: finite(o.x), y: finite(o.y) }
}
const sub = (a: Point, b: Point): Point => ({ x: a.x - b.x, y: a.y - b.y })
const len = (a: Point) => Math.hypot(a.x, a.y)
const unit = (a: Point): Point => {
  const l = len(a)
  return l > 1e-9 ? { x: a.x / l, y: a.y / l } : { x: 1, y: 0 }
}

function sizeOf(record: JsonRecord): { w: number; h: number } {
  const p = (record.props ?? {}) as { w?: unknown; h?: unknown }
  return { w: Math.max(finite(p.w), 0), h: Math.max(finite(p.h), 0) }
}

/** Whether a page point lies inside the target's outline (an ellipse for a process). */
function inside(target: BoundTarget, p: Point): boolean {
  const { w, h } = sizeOf(target.record)
  const l = toLocal(target.frame, p)
  const props = (target.record.props ?? {}) as { kind?: unknown; geo?: unknown }
  if (props.kind === 'process' || props.geo === 'ellipse') {
    const dx = (l.x - w / 2) / (w / 2 || 1)
    const dy = (l.y - h / 2) / (h / 2 || 1)
    return dx * dx + dy * dy <= 1
  }
  return l.x >= 0 && l.x <= w && l.y >= 0 && l.y <= h
}

/**
 * Where a terminal is now: a bound end sits at its anchor on the target as the target is today
 * (the centre unless the binding is precise), exactly as tldraw computes it; an unbound end is
 * the arrow's own stored point.
 */
export function terminalPoint(arrowFrame: Frame, stored: unknown, t: Terminal): Point {
  if (!t.binding || !t.target) return toPage(arrowFrame, vec(stored))
  const props = (t.binding.props ?? {}) as { normalizedAnchor?: unknown; isPrecise?: unknown }
  const anchor = props.isPrecise === true ? vec(props.normalizedAnchor) : { x: 0.5, y: 0.5 }
  const { w, h } = sizeOf(t.target.record)
  const clamp = (v: number) => Math.min(1, Math.max(0, v))
  return toPage(t.target.frame, { x: clamp(anchor.x) * w, y: clamp(anchor.y) * h })
}

/**
 * Moves a bound end from its anchor out to the target's outline, along the course `at(s)`
 * (s = 0 at the anchor), so the arrowhead touches the element rather than hiding under it.
 * `isExact` bindings point into the shape on purpose and stay where they are.
 */
function clipToOutline(t: Terminal, at: (s: number) => Point): number {
  const exact = (t.binding?.props as { isExact?: unknown } | undefined)?.isExact === true
  if (!t.target || exact || !inside(t.target, at(0))) return 0
  if (inside(t.target, at(1))) return 0
  let lo = 0
  let hi = 1
  for (let i = 0; i < 24; i++) {
    const mid = (lo + hi) / 2
    if (inside(t.target, at(mid))) lo = mid
    else hi = mid
  }
  return hi
}

const fmt = (p: Point) => `${Math.round(p.x * 10) / 10} ${Math.round(p.y * 10) / 10}`

/** The circle through three points, or null when they are (nearly) in line. */
function circleThrough(a: Point, m: Point, b: Point): { c: Point; r: number } | null {
  const d = 2 * (a.x * (m.y - b.y) + m.x * (b.y - a.y) + b.x * (a.y - m.y))
  if (Math.abs(d) < 1e-6) return null
  const a2 = a.x * a.x + a.y * a.y
  const m2 = m.x * m.x + m.y * m.y
  const b2 = b.x * b.x + b.y * b.y
  const c = {
    x: (a2 * (m.y - b.y) + m2 * (b.y - a.y) + b2 * (a.y - m.y)) / d,
    y: (a2 * (b.x - m.x) + m2 * (a.x - b.x) + b2 * (m.x - a.x)) / d,
  }
  return { c, r: len(sub(a, c)) }
}

const along = (p: Point, q: Point) => (s: number) => ({
  x: p.x + (q.x - p.x) * s,
  y: p.y + (q.y - p.y) * s,
})

/**
 * An elbow flow as three straight legs: across (or down, whichever way the ends are further
 * apart) to the elbow's middle, then to the other end's level, then on to it. tldraw routes
 * elbows around shapes more cleverly; this keeps the ends, direction and label readable.
 */
function elbowPath(a: Point, b: Point, mid: number, start: Terminal, end: Terminal): FlowPath {
  const across = Math.abs(b.x - a.x) >= Math.abs(b.y - a.y)
  const t = Math.min(1, Math.max(0, mid))
  const m1 = across ? { x: a.x + (b.x - a.x) * t, y: a.y } : { x: a.x, y: a.y + (b.y - a.y) * t }
  const m2 = across ? { x: m1.x, y: b.y } : { x: b.x, y: m1.y }
  const p0 = along(a, m1)(clipToOutline(start, along(a, m1)))
  const p1 = along(b, m2)(clipToOutline(end, along(b, m2)))
  return {
    start: p0,
    end: p1,
    d: `M${fmt(p0)} L${fmt(m1)} L${fmt(m2)} L${fmt(p1)}`,
    middle: { x: (m1.x + m2.x) / 2, y: (m1.y + m2.y) / 2 },
    startDir: unit(sub(p0, m1)),
    endDir: unit(sub(p1, m2)),
  }
}

const TAU = Math.PI * 2
const ccw = (from: number, to: number) => (((to - from) % TAU) + TAU) % TAU

/**
 * The course of a data flow from its two terminals and its bend: straight, or the circular arc
 * through the bend's middle handle (tldraw puts it `bend` units off the chord's midpoint, to
 * the chord's left for a positive bend), with bound ends drawn to the outline of their element.
 */
export function flowPath(arrow: JsonRecord, arrowFrame: Frame, start: Terminal, end: Terminal) {
  const props = (arrow.props ?? {}) as Record<string, unknown>
  const a = terminalPoint(arrowFrame, props.start, start)
  const b = terminalPoint(arrowFrame, props.end, end)
  const bend = finite(props.bend)
  const labelAt = Math.min(1, Math.max(0, finite(props.labelPosition, 0.5)))
  const chord = sub(b, a)
  const u = unit(chord)
  const handle = {
    x: (a.x + b.x) / 2 + bend * -u.y,
    y: (a.y + b.y) / 2 + bend * u.x,
  }
  if (props.kind === 'elbow') return elbowPath(a, b, finite(props.elbowMidPoint, 0.5), start, end)
  const circle = Math.abs(bend) > 1 && len(chord) > 1 ? circleThrough(a, handle, b) : null
  if (!circle || circle.r > 1e6) {
    const s0 = clipToOutline(start, along(a, b))
    const s1 = clipToOutline(end, along(b, a))
    const p0 = along(a, b)(s0)
    const p1 = along(b, a)(s1)
    const dir = unit(sub(p1, p0))
    return {
      start: p0,
      end: p1,
      d: `M${fmt(p0)} L${fmt(p1)}`,
      middle: along(p0, p1)(labelAt),
      startDir: { x: -dir.x, y: -dir.y },
      endDir: dir,
    } satisfies FlowPath
  }
  const { c, r } = circle
  const angle = (p: Point) => Math.atan2(p.y - c.y, p.x - c.x)
  const ta = angle(a)
  const tb = angle(b)
  // Turn the way that passes the handle: increasing angle (clockwise on screen) or not.
  const sweep = ccw(ta, angle(handle)) < ccw(ta, tb) ? 1 : -1
  const span = sweep === 1 ? ccw(ta, tb) : ccw(tb, ta)
  const on = (t: number) => ({ x: c.x + r * Math.cos(t), y: c.y + r * Math.sin(t) })
  const s0 = clipToOutline(start, (s) => on(ta + sweep * span * 0.5 * s))
  const s1 = clipToOutline(end, (s) => on(tb - sweep * span * 0.5 * s))
  const t0 = ta + sweep * span * 0.5 * s0
  const t1 = tb - sweep * span * 0.5 * s1
  const drawn = span * (1 - 0.5 * s0 - 0.5 * s1)
  const p0 = on(t0)
  const p1 = on(t1)
  const tangent = (t: number, sign: number) => ({
    x: -Math.sin(t) * sign,
    y: Math.cos(t) * sign,
  })
  return {
    start: p0,
    end: p1,
    d: `M${fmt(p0)} A${Math.round(r * 10) / 10} ${Math.round(r * 10) / 10} 0 ${drawn > Math.PI ? 1 : 0} ${sweep === 1 ? 1 : 0} ${fmt(p1)}`,
    middle: on(t0 + sweep * drawn * labelAt),
    startDir: tangent(t0, -sweep),
    endDir: tangent(t1, sweep),
  } satisfies FlowPath
}
