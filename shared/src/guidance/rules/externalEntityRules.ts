import { defineRule, nameOf } from '../rule.ts'
import { outbound, peer, writesToLog } from '../topology.ts'

export const externalEntityRules = [
  defineRule({
    id: 'entity-unauthenticated',
    category: 'spoofing',
    appliesTo: 'external-entity',
    when: (facts, e) =>
      e.properties.authenticated !== true &&
      outbound(facts, e.id).some((f) => f.properties.authenticated !== true),
    title: (e) => `Someone could pose as ${nameOf(e)}`,
    description:
      'This external entity sends data into the system and neither it nor its flows are marked as authenticated, so another party could send the same requests in its name.',
    recommendation: {
      text: 'Authenticate the entity (strong sign-in with MFA for people, credentials or mutual TLS for systems), then mark it as authenticated.',
      priority: 'high',
    },
    rationale:
      'A flow leaves the entity and neither the entity nor that flow is marked as authenticated.',
  }),
  defineRule({
    id: 'entity-actions-unlogged',
    category: 'repudiation',
    appliesTo: 'external-entity',
    when: (facts, e) => {
      const targets = outbound(facts, e.id).flatMap((f) => peer(facts, f, e.id) ?? [])
      return (
        e.properties.nature !== 'system' &&
        targets.some((t) => t.kind === 'process') &&
        !targets.some((t) => writesToLog(facts, t.id))
      )
    },
    title: (e) => `${nameOf(e)} could deny what they did`,
    description:
      'This entity makes the system act, and none of the processes it talks to writes to a log store, so there is no record of its actions.',
    recommendation: {
      text: 'Log the actions taken on behalf of each authenticated entity in an audit log it cannot change.',
      priority: 'medium',
    },
    rationale:
      'The entity (not marked as a system) sends flows to processes, none of which writes to a store marked as a log.',
  }),
]
