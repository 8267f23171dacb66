import { z } from 'zod'

// zod compiles object parsers with `new Function` when the page allows it, and probes for that
// when the first object schema is built. The app's CSP (`script-src 'self'`) forbids eval, so
// the probe is a reported violation even though zod recovers. Jitless mode skips the probe and
// the compiling. This module must be imported before anything that builds a schema (main.tsx
// imports it first).
z.config({ jitless: true })
