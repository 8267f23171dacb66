// Summarises a V8 CPU profile (`node --cpu-prof` writes one per process as *.cpuprofile): self
// time per function, per file or per package, and the inclusive (total) time of the functions
// that hold the most, so two servers profiled under the same load can be compared line by line.
//
//   node bench/cpuProfileSummary.ts FILE.cpuprofile [--by function|file|package] [--top 25]
//                                   [--total 0] [--busy] [--from MS] [--to MS] [--timeline MS]
//
// --from/--to keep the samples of that window (ms since the profile started), e.g. the part of a
// run after the server started; --timeline MS prints, per slice of MS, the busy time and the
// function with the most self time in it (to find a window: a start, a fill, a sync).
// --busy leaves out the idle samples, so shares are of the time the process was working.
// --total N also lists the N functions with the most inclusive time (themselves and callees).
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import path from 'node:path'

interface CallFrame {
  functionName: string
  url: string
  lineNumber: number
}
interface ProfileNode {
  id: number
  callFrame: CallFrame
  children?: number[]
}
export interface CpuProfile {
  nodes: ProfileNode[]
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}

export type Grouping = 'function' | 'file' | 'package'

export interface Row {
  key: string
  ms: number
  share: number
}

/** Where a frame's code lives: `pkg@…/path` for node_modules, the repo-relative path otherwise. */
function fileOf(url: string): string {
  if (!url) return '(native)'
  const p = url.replace(/^file:\/\//, '')
  const nm = p.lastIndexOf('/node_modules/')
  if (nm >= 0)
    return p.slice(nm + '/node_modules/'.length).replace(/^\.pnpm\/[^/]+\/node_modules\//, '')
  if (p.startsWith('node:')) return p
  const m = /\/(server|shared|bench)\/(src\/)?.*$/.exec(p)
  return m ? m[0].slice(1) : path.basename(p)
}

function packageOf(url: string): string {
  const file = fileOf(url)
  if (file.startsWith('node:')) return 'node:internal'
  if (file.startsWith('(')) return file
  if (!url.includes('/node_modules/')) return file.split('/').slice(0, 2).join('/')
  const parts = file.split('/')
  return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!
}

function keyOf(frame: CallFrame, by: Grouping): string {
  const special = /^\((idle|program|garbage collector|root)\)$/.test(frame.functionName)
  if (special) return frame.functionName
  if (by === 'package') return packageOf(frame.url)
  if (by === 'file') return fileOf(frame.url)
  return `${frame.functionName || '(anonymous)'} ${fileOf(frame.url)}:${frame.lineNumber + 1}`
}

/** Sample i lasted until sample i+1 (the last one: the mean interval). */
function sampleDurations(profile: CpuProfile): number[] {
  const { samples, timeDeltas } = profile
  const mean = (profile.endTime - profile.startTime) / Math.max(1, samples.length)
  return samples.map((_, i) => (i + 1 < timeDeltas.length ? timeDeltas[i + 1]! : mean) / 1000)
}

/** Self time per key, in ms, largest first; `busy` leaves idle samples out of the shares. */
/** The profile restricted to the samples taken from `fromMs` to `toMs` after it started. */
export function windowOf(profile: CpuProfile, fromMs: number, toMs: number): CpuProfile {
  const samples: number[] = []
  const timeDeltas: number[] = []
  let t = 0
  let last = 0
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i]!
    if (t / 1000 < fromMs || t / 1000 > toMs) return
    samples.push(id)
    timeDeltas.push(samples.length === 1 ? 0 : t - last)
    last = t
  })
  return { ...profile, samples, timeDeltas, endTime: profile.startTime + last }
}

/** Per slice of `sliceMs`: its start, busy ms and the function with the most self time. */
export function timeline(profile: CpuProfile, sliceMs: number): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const durations = sampleDurations(profile)
  const slices = new Map<number, Map<string, number>>()
  let t = 0
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i]!
    const key = keyOf(byId.get(id)!.callFrame, 'function')
    if (key === '(idle)') return
    const slice = Math.floor(t / 1000 / sliceMs)
    let m = slices.get(slice)
    if (!m) slices.set(slice, (m = new Map()))
    m.set(key, (m.get(key) ?? 0) + durations[i]!)
  })
  return [...slices].map(([slice, m]) => {
    const busy = [...m.values()].reduce((a, b) => a + b, 0)
    const [top, ms] = [...m].sort((a, b) => b[1] - a[1])[0]!
    return `${String(slice * sliceMs).padStart(7)} ms  busy ${busy.toFixed(0).padStart(5)} ms  top ${ms.toFixed(0)} ms ${top}`
  })
}

export function selfTime(profile: CpuProfile, by: Grouping, busy = false): Row[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const durations = sampleDurations(profile)
  const totals = new Map<string, number>()
  let all = 0
  profile.samples.forEach((id, i) => {
    const key = keyOf(byId.get(id)!.callFrame, by)
    if (busy && key === '(idle)') return
    totals.set(key, (totals.get(key) ?? 0) + durations[i]!)
    all += durations[i]!
  })
  return [...totals].map(([key, ms]) => ({ key, ms, share: ms / all })).sort((a, b) => b.ms - a.ms)
}

/** Inclusive time per function (each function counted once per sample, however deep it recurses). */
export function totalTime(profile: CpuProfile, busy = false): Row[] {
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const durations = sampleDurations(profile)
  const totals = new Map<string, number>()
  let all = 0
  profile.samples.forEach((id, i) => {
    const leaf = keyOf(byId.get(id)!.callFrame, 'function')
    if (busy && leaf === '(idle)') return
    all += durations[i]!
    const seen = new Set<string>()
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const key = keyOf(byId.get(n)!.callFrame, 'function')
      if (seen.has(key)) continue
      seen.add(key)
      totals.set(key, (totals.get(key) ?? 0) + durations[i]!)
    }
  })
  totals.delete('(root)')
  return [...totals].map(([key, ms]) => ({ key, ms, share: ms / all })).sort((a, b) => b.ms - a.ms)
}

/** A V8 sampling heap profile (`HeapProfiler.stopSampling`, see bench/heapSampling.ts). */
export interface HeapProfile {
  head: HeapNode
}
interface HeapNode {
  callFrame: CallFrame
  selfSize: number
  children: HeapNode[]
}
export interface ByteRow {
  key: string
  bytes: number
  share: number
}

/**
 * Bytes allocated per key, largest first: `self` counts what each frame allocated itself,
 * otherwise what it and its callees allocated (each key once per stack).
 */
export function allocated(profile: HeapProfile, by: Grouping, self = true): ByteRow[] {
  const totals = new Map<string, number>()
  let all = 0
  const walk = (node: HeapNode, above: string[]) => {
    const key = keyOf(node.callFrame, by)
    const stack = self || above.includes(key) ? above : [...above, key]
    all += node.selfSize
    for (const k of self ? [key] : stack) totals.set(k, (totals.get(k) ?? 0) + node.selfSize)
    for (const c of node.children) walk(c, stack)
  }
  walk(profile.head, [])
  totals.delete('(root)')
  return [...totals]
    .map(([key, bytes]) => ({ key, bytes, share: bytes / all }))
    .sort((a, b) => b.bytes - a.bytes)
}

export function formatBytes(rows: ByteRow[], top: number): string {
  return rows
    .slice(0, top)
    .map(
      (r) =>
        `${(r.bytes / 2 ** 20).toFixed(1).padStart(7)} MiB ${(100 * r.share).toFixed(1).padStart(5)} %  ${r.key}`,
    )
    .join('\n')
}

export function formatRows(rows: Row[], top: number): string {
  return rows
    .slice(0, top)
    .map(
      (r) =>
        `${r.ms.toFixed(0).padStart(7)} ms ${(100 * r.share).toFixed(1).padStart(5)} %  ${r.key}`,
    )
    .join('\n')
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      by: { type: 'string', default: 'function' },
      top: { type: 'string', default: '25' },
      total: { type: 'string', default: '0' },
      busy: { type: 'boolean', default: false },
      from: { type: 'string', default: '0' },
      to: { type: 'string', default: 'Infinity' },
      timeline: { type: 'string' },
    },
  })
  const by = values.by as Grouping
  if (!['function', 'file', 'package'].includes(by)) throw new Error(`--by ${by}?`)
  for (const file of positionals) {
    const whole = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
    const profile = windowOf(whole, Number(values.from), Number(values.to))
    if (values.timeline) {
      console.log(`${file}: timeline`)
      console.log(timeline(profile, Number(values.timeline)).join('\n'))
      continue
    }
    const wall = (profile.endTime - profile.startTime) / 1000
    const busyMs = selfTime(profile, 'function', true).reduce((n, r) => n + r.ms, 0)
    console.log(`${file}: ${wall.toFixed(0)} ms profiled, ${busyMs.toFixed(0)} ms not idle`)
    console.log(`self time by ${by}:`)
    console.log(formatRows(selfTime(profile, by, values.busy), Number(values.top)))
    if (Number(values.total) > 0) {
      console.log('total (inclusive) time by function:')
      console.log(formatRows(totalTime(profile, values.busy), Number(values.total)))
    }
  }
}
