/** One sample's value from Prometheus text, e.g. `metric(text, 'x_total{reason="a"}')`. */
export function metric(text: string, sample: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `))
  return line === undefined ? undefined : Number(line.slice(sample.length + 1))
}

/** The samples of a server's /metrics (a server without ADMIN_TOKEN). */
export async function metricsOf(url: string): Promise<(sample: string) => number | undefined> {
  const text = await (await fetch(`${url}/metrics`)).text()
  return (sample) => metric(text, sample)
}
