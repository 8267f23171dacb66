/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** tldraw licence key; required for production deployments over HTTPS (see the README). */
  readonly VITE_TLDRAW_LICENSE_KEY?: string
}
