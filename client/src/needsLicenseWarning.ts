/** The tldraw licence key, baked in at build time (README: `VITE_TLDRAW_LICENSE_KEY`). */
export const TLDRAW_LICENSE_KEY: string | undefined =
  import.meta.env.VITE_TLDRAW_LICENSE_KEY || undefined

/** Loopback hosts, which tldraw treats as development even over HTTPS (same test as tldraw's). */
function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '')
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host)
}

/**
 * True for a production build served over HTTPS on a real hostname without a key: there tldraw
 * removes the editor a few seconds after it mounts, so the user must be told why it vanished.
 */
export function needsLicenseWarning(
  loc: Pick<Location, 'protocol' | 'hostname'> = location,
  isProduction: boolean = import.meta.env.PROD,
  licenseKey: string | undefined = TLDRAW_LICENSE_KEY,
): boolean {
  return isProduction && loc.protocol === 'https:' && !isLoopbackHost(loc.hostname) && !licenseKey
}
