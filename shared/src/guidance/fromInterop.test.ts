import { describe, expect, it } from 'vitest'
import { propertiesFromOtm, propertiesFromThreatDragon } from './fromInterop.ts'

const td = (cells: object[]) => ({ version: '2.2.0', detail: { diagrams: [{ cells }] } })

describe('properties from imported files', () => {
  it('carries Threat Dragon flags that are set, and leaves its default false as not set', () => {
    const props = propertiesFromThreatDragon(
      td([
        {
          id: 'p',
          shape: 'process',
          data: {
            type: 'tm.Process',
            privilegeLevel: 'Administrator',
            handlesCardPayment: true,
            isWebApplication: false,
          },
        },
        {
          id: 's',
          shape: 'store',
          data: {
            type: 'tm.Store',
            isALog: true,
            storesCredentials: true,
            isEncrypted: false,
            isSigned: false,
          },
        },
        { id: 'a', shape: 'actor', data: { type: 'tm.Actor', providesAuthentication: true } },
        {
          id: 'quiet',
          shape: 'store',
          data: { type: 'tm.Store', isALog: false, storesCredentials: false },
        },
        { id: 'box', shape: 'trust-boundary-box', data: { type: 'tm.BoundaryBox' } },
      ]),
    )
    expect(Object.fromEntries(props)).toEqual({
      p: { kind: 'process', properties: { privilegeLevel: 'root/admin', handlesPayment: true } },
      s: { kind: 'data-store', properties: { isLog: true, storesCredentials: true } },
      a: { kind: 'external-entity', properties: { authenticated: true } },
    })
  })

  it('skips what it cannot read instead of failing', () => {
    expect(propertiesFromThreatDragon(null).size).toBe(0)
    expect(
      propertiesFromThreatDragon({ detail: { diagrams: [{ cells: [null, 3, { id: 7 }] }] } }).size,
    ).toBe(0)
  })

  it('reads OTM attributes named like ours and marks flows carrying confidential assets', () => {
    const otm = {
      assets: [
        { id: 'cards', risk: { confidentiality: 100 } },
        { id: 'brochure', risk: { confidentiality: 0 } },
      ],
      components: [
        { id: 'api', attributes: { internetFacing: true, rateLimited: 'maybe', colour: 'red' } },
        { id: 'gone', attributes: { internetFacing: true } },
      ],
      dataflows: [
        { id: 'pay', assets: ['cards'] },
        { id: 'read', assets: ['brochure'] },
      ],
    }
    const props = propertiesFromOtm(otm, (id) => (id === 'api' ? 'process' : undefined))
    expect(Object.fromEntries(props)).toEqual({
      api: { kind: 'process', properties: { internetFacing: true } },
      pay: { kind: 'data-flow', properties: { carriesSensitiveData: true } },
    })
  })
})
