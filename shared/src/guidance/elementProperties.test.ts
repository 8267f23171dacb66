import { describe, expect, it } from 'vitest'
import {
  parseElementProperties,
  readElementProperties,
  withElementProperties,
} from './elementProperties.ts'

const node = (kind: string, meta: object) => ({
  typeName: 'shape',
  type: 'dfd-node',
  props: { kind },
  meta,
})

describe('element properties', () => {
  it('reads the typed properties of a DFD node from meta.properties', () => {
    const record = node('process', {
      properties: { privilegeLevel: 'root/admin', internetFacing: true, handlesPayment: false },
    })
    expect(readElementProperties(record)).toEqual({
      privilegeLevel: 'root/admin',
      internetFacing: true,
      handlesPayment: false,
    })
  })

  it('drops invalid fields and fields of another kind but keeps the valid ones beside them', () => {
    const record = node('data-store', {
      properties: { storesCredentials: 'yes', isLog: true, privilegeLevel: 'root/admin', x: 1 },
    })
    expect(readElementProperties(record)).toEqual({ isLog: true })
    expect(parseElementProperties('process', { privilegeLevel: 'god' })).toEqual({})
  })

  it('reads junk as nothing set, never throws', () => {
    for (const junk of [null, 'text', 42, [true], { properties: [] }, { properties: 'x' }]) {
      expect(readElementProperties(node('external-entity', junk as object))).toEqual({})
    }
    expect(readElementProperties({ typeName: 'shape', type: 'geo', meta: {} })).toEqual({})
    expect(readElementProperties(node('cloud', { properties: { isLog: true } }))).toEqual({})
  })

  it("adds a data flow's protocol and flags from meta.dataFlow to its own properties", () => {
    const arrow = {
      typeName: 'shape',
      type: 'arrow',
      meta: {
        dataFlow: { protocol: 'HTTPS', encrypted: true, publicNetwork: false },
        properties: { authenticated: true, carriesSensitiveData: 'lots' },
      },
    }
    expect(readElementProperties(arrow)).toEqual({
      protocol: 'HTTPS',
      encrypted: true,
      publicNetwork: false,
      authenticated: true,
    })
  })

  it('writes only valid, set properties beside the rest of meta', () => {
    expect(
      withElementProperties({ dataFlow: { protocol: 'x' } }, 'data-flow', {
        authenticated: true,
        encrypted: 'no',
      }),
    ).toEqual({ dataFlow: { protocol: 'x' }, properties: { authenticated: true } })
  })
})
