import { defineRule, nameOf } from '../rule.ts'
import { isEncrypted, usesCleartextProtocol } from '../topology.ts'

export const dataFlowRules = [
  defineRule({
    id: 'flow-public-cleartext',
    category: 'information-disclosure',
    appliesTo: 'data-flow',
    when: (_facts, f) => f.properties.publicNetwork === true && !isEncrypted(f),
    title: (f) => `${nameOf(f)} crosses a public network unencrypted`,
    description:
      'This flow runs over a public network in clear text; anyone on the path can read it.',
    recommendation: {
      text: 'Encrypt the flow (TLS 1.2 or later, certificates validated) and refuse clear-text connections.',
      priority: 'high',
    },
    rationale:
      'The flow is marked as over a public network and neither marked as encrypted nor named with an encrypted protocol.',
  }),
  defineRule({
    id: 'flow-public-tls-configuration',
    category: 'information-disclosure',
    appliesTo: 'data-flow',
    when: (_facts, f) => f.properties.publicNetwork === true && isEncrypted(f),
    title: (f) => `Check the encryption of ${nameOf(f)} over the public network`,
    description:
      'This flow is encrypted but crosses a public network, where a downgrade, a fallback to clear text or an unchecked certificate would expose it.',
    recommendation: {
      text: 'Require TLS 1.2 or later, validate certificates (pin them for mobile clients), and send HSTS so browsers never fall back to HTTP.',
      priority: 'low',
    },
    rationale:
      'The flow is marked as over a public network and as encrypted (or names an encrypted protocol).',
  }),
  defineRule({
    id: 'flow-boundary-cleartext',
    category: 'information-disclosure',
    appliesTo: 'data-flow',
    when: (_facts, f) =>
      f.crossesBoundary && f.properties.publicNetwork !== true && !isEncrypted(f),
    title: (f) => `${nameOf(f)} crosses a trust boundary unencrypted`,
    description:
      'This flow leaves one trust boundary for another in clear text; whoever controls the network between them can read it.',
    recommendation: {
      text: 'Encrypt the flow (TLS or an encrypted tunnel) even on internal networks.',
      priority: 'medium',
    },
    rationale:
      'The flow crosses a trust boundary and is neither marked as encrypted nor named with an encrypted protocol.',
  }),
  defineRule({
    id: 'flow-boundary-tampering',
    category: 'tampering',
    appliesTo: 'data-flow',
    // Unlabelled internal flows across a boundary get the disclosure rule only: its remedy
    // (an encrypted, authenticated channel) is the same, and one suggestion is enough there.
    when: (_facts, f) =>
      (f.properties.publicNetwork === true || (f.crossesBoundary && usesCleartextProtocol(f))) &&
      !isEncrypted(f),
    title: (f) => `${nameOf(f)} could be altered on its way`,
    description:
      'This flow crosses a public network, or a trust boundary over a clear-text protocol, so whoever is on the path can change it without either end noticing.',
    recommendation: {
      text: 'Use an authenticated encrypted channel (TLS) or sign the messages.',
      priority: 'medium',
    },
    rationale:
      'The flow runs over a public network, or crosses a trust boundary naming a clear-text protocol, and is neither marked as encrypted nor named with an encrypted protocol.',
  }),
  defineRule({
    id: 'flow-boundary-unauthenticated',
    category: 'spoofing',
    appliesTo: 'data-flow',
    when: (_facts, f) => f.crossesBoundary && f.properties.authenticated !== true,
    title: (f) => `The sender of ${nameOf(f)} across a trust boundary is not authenticated`,
    description:
      'This flow crosses a trust boundary and is not marked as authenticated; the receiving side cannot tell a real sender from an impostor.',
    recommendation: {
      text: 'Authenticate the sender (mutual TLS, signed tokens or request signatures) before acting on the data.',
      priority: 'high',
    },
    rationale: 'The flow crosses a trust boundary and is not marked as authenticated.',
  }),
  defineRule({
    id: 'flow-sensitive-unauthenticated',
    category: 'spoofing',
    appliesTo: 'data-flow',
    when: (_facts, f) =>
      !f.crossesBoundary &&
      f.properties.carriesSensitiveData === true &&
      f.properties.authenticated !== true,
    title: (f) => `Sensitive data in ${nameOf(f)} could be sent to or from an impostor`,
    description:
      'This flow carries sensitive data and its ends are not marked as authenticating each other; a spoofed peer could send false data or receive the real data.',
    recommendation: {
      text: 'Authenticate both ends (mutual TLS or per-service credentials).',
      priority: 'medium',
    },
    rationale: 'The flow is marked as carrying sensitive data and not as authenticated.',
  }),
  defineRule({
    id: 'flow-sensitive-cleartext',
    category: 'information-disclosure',
    appliesTo: 'data-flow',
    when: (_facts, f) =>
      !f.crossesBoundary &&
      f.properties.publicNetwork !== true &&
      f.properties.carriesSensitiveData === true &&
      !isEncrypted(f),
    title: (f) => `Sensitive data in ${nameOf(f)} travels unencrypted`,
    description:
      'This flow carries sensitive data in clear text inside a trust boundary; anyone who gets onto that network can read it.',
    recommendation: {
      text: 'Encrypt sensitive flows even inside the boundary.',
      priority: 'medium',
    },
    rationale:
      'The flow is marked as carrying sensitive data and neither marked as encrypted nor named with an encrypted protocol.',
  }),
]
