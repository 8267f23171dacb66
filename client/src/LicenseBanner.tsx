import { needsLicenseWarning } from './needsLicenseWarning.ts'

/** Tells users of an unlicensed production deployment why the board is about to vanish. */
export function LicenseBanner() {
  if (!needsLicenseWarning()) return null
  return (
    <div className="tb-banner" role="alert" data-testid="license-warning">
      <strong>No tldraw licence key.</strong> This deployment is served over HTTPS on a public
      hostname, where tldraw removes the board a few seconds after it opens unless a licence key is
      configured. The administrator must rebuild the client with{' '}
      <code>VITE_TLDRAW_LICENSE_KEY</code> set: see “Configuration” in the README.
    </div>
  )
}
