// A generated Threat Dragon model for the import and export benchmarks.

/** A Threat Dragon v2 model: n processes in a grid, a flow to each right/lower neighbour. */
export function generated(n: number) {
  const side = Math.ceil(Math.sqrt(n))
  const threat = (cell: number, k: number) => ({
    id: `t-${cell}-${k}`,
    title: `Threat ${k} on element ${cell}`,
    type: k % 2 ? 'Tampering' : 'Spoofing',
    severity: 'High',
    status: 'Open',
    description: 'Generated for the benchmark. '.repeat(4),
    mitigation: 'Check the input. '.repeat(4),
  })
  const cells: object[] = []
  for (let i = 0; i < n; i++) {
    cells.push({
      id: `p${i}`,
      shape: 'process',
      zIndex: i,
      position: { x: (i % side) * 240, y: Math.floor(i / side) * 200 },
      size: { width: 100, height: 100 },
      data: { type: 'tm.Process', name: `Process ${i}`, threats: [threat(i, 1), threat(i, 2)] },
    })
    for (const j of [i + 1, i + side]) {
      if (j < n && (j !== i + 1 || j % side !== 0)) {
        cells.push({
          id: `f${i}-${j}`,
          shape: 'flow',
          zIndex: n + cells.length,
          source: { cell: `p${i}` },
          target: { cell: `p${j}` },
          data: { type: 'tm.Flow', name: `Call ${i}→${j}`, protocol: 'HTTPS', isEncrypted: true },
        })
      }
    }
  }
  return {
    version: '2.3.0',
    summary: { title: `Generated, ${n} elements` },
    detail: { contributors: [], diagrams: [{ title: 'Generated', cells }] },
  }
}
