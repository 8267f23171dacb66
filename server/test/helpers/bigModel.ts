/**
 * A Threat Dragon v2 file of `n` processes laid out in a square, each joined to its right and
 * lower neighbour by a flow and carrying two threats. Importing or exporting a few hundred of
 * them keeps the server's event loop busy for a few hundred milliseconds: real, heavy work.
 */
export function gridThreatDragonModel(n: number): object {
  const side = Math.ceil(Math.sqrt(n))
  const cells: object[] = []
  const threats = (i: number) =>
    [1, 2].map((k) => ({
      id: `t${i}-${k}`,
      title: `Threat ${k} of process ${i}`,
      type: k === 1 ? 'Spoofing' : 'Tampering',
      severity: 'Medium',
      status: 'Open',
      description: 'Someone could pretend to be a trusted caller here. '.repeat(3),
      mitigation: 'Authenticate every caller. '.repeat(3),
    }))
  for (let i = 0; i < n; i++) {
    cells.push({
      id: `p${i}`,
      shape: 'process',
      zIndex: i,
      position: { x: (i % side) * 240, y: Math.floor(i / side) * 200 },
      size: { width: 100, height: 100 },
      data: { type: 'tm.Process', name: `Process ${i}`, threats: threats(i) },
    })
    const right = (i + 1) % side !== 0 && i + 1 < n ? [i + 1] : []
    const below = i + side < n ? [i + side] : []
    for (const j of [...right, ...below]) {
      cells.push({
        id: `f${i}-${j}`,
        shape: 'flow',
        zIndex: n + cells.length,
        source: { cell: `p${i}` },
        target: { cell: `p${j}` },
        data: { type: 'tm.Flow', name: `Call ${i} to ${j}`, protocol: 'HTTPS', isEncrypted: true },
      })
    }
  }
  return {
    version: '2.3.0',
    summary: { title: `Grid of ${n} processes` },
    detail: { contributors: [], diagrams: [{ title: 'Grid', cells }] },
  }
}
