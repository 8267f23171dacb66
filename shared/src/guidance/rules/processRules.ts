import { defineRule, nameOf } from '../rule.ts'
import {
  comesFromOutside,
  inbound,
  outbound,
  peer,
  reachableFromOutside,
  reachedByOutsideInput,
  usesCleartextProtocol,
  writesToLog,
} from '../topology.ts'

export const processRules = [
  defineRule({
    id: 'process-unauthenticated-callers',
    category: 'spoofing',
    appliesTo: 'process',
    when: (facts, p) =>
      p.properties.authenticatesCallers !== true &&
      inbound(facts, p.id).some(
        (f) => comesFromOutside(facts, f, p.id) && f.properties.authenticated !== true,
      ),
    title: (p) => `Callers of ${nameOf(p)} from outside may not be who they claim`,
    description:
      'Requests reach this process from outside its trust boundary and nothing on the diagram says it checks who sent them, so anyone who can reach it can act as a legitimate caller.',
    recommendation: {
      text: 'Authenticate every caller (tokens, mutual TLS or signed requests) and reject anonymous requests; then mark the process as authenticating its callers.',
      priority: 'high',
    },
    rationale:
      'A flow into the process comes from outside and neither the flow nor the process is marked as authenticated.',
  }),
  defineRule({
    id: 'process-cleartext-requests',
    category: 'spoofing',
    appliesTo: 'process',
    when: (facts, p) => inbound(facts, p.id).some(usesCleartextProtocol),
    title: (p) => `Credentials sent to ${nameOf(p)} in clear text can be replayed`,
    description:
      'Requests reach this process over a clear-text protocol; a password, token or session cookie they carry can be read on the way and reused to act as the caller.',
    recommendation: {
      text: 'Move the flow to an encrypted protocol (HTTPS, TLS) and expire tokens quickly.',
      priority: 'high',
    },
    rationale:
      'A flow into the process names a clear-text protocol (such as HTTP) and is not marked encrypted.',
  }),
  defineRule({
    id: 'process-outside-input',
    category: 'tampering',
    appliesTo: 'process',
    when: (facts, p) => reachableFromOutside(facts, p.id),
    title: (p) => `Input from outside could make ${nameOf(p)} do something it should not`,
    description:
      'This process takes input from outside its trust boundary. Crafted input (injection into queries or commands, altered parameters) can change what it does or what it stores.',
    recommendation: {
      text: 'Validate every input against an allow-list schema at the boundary and use parameterised queries; never build commands or queries from raw input.',
      priority: 'high',
    },
    rationale:
      'The process is internet facing, or a flow into it crosses a trust boundary, runs over a public network or comes from an external entity.',
  }),
  defineRule({
    id: 'process-no-audit-trail',
    category: 'repudiation',
    appliesTo: 'process',
    when: (facts, p) => reachableFromOutside(facts, p.id) && !writesToLog(facts, p.id),
    title: (p) => `Actions requested through ${nameOf(p)} leave no audit trail`,
    description:
      'Outside callers make this process act, and it writes to no log store on the diagram, so a caller could later deny having asked for something.',
    recommendation: {
      text: 'Record who asked for what and when in an append-only audit log the process cannot rewrite, and draw that log store on the diagram.',
      priority: 'medium',
    },
    rationale:
      'The process is reachable from outside and no flow from it goes to a data store marked as a log.',
  }),
  defineRule({
    id: 'process-payment-no-audit-log',
    category: 'repudiation',
    appliesTo: 'process',
    when: (facts, p) => p.properties.handlesPayment === true && !writesToLog(facts, p.id),
    title: (p) => `Payments handled by ${nameOf(p)} could be disputed without a record`,
    description:
      'This process handles payments but writes to no log store, so a disputed payment cannot be traced to who made it.',
    recommendation: {
      text: 'Write every payment event to a tamper-evident audit log kept apart from the payment data.',
      priority: 'high',
    },
    rationale:
      'The process is marked as handling payments and no flow from it reaches a store marked as a log.',
  }),
  defineRule({
    id: 'process-responds-outside',
    category: 'information-disclosure',
    appliesTo: 'process',
    when: (facts, p) =>
      outbound(facts, p.id).some((f) => {
        const to = peer(facts, f, p.id)
        return (
          f.crossesBoundary || f.properties.publicNetwork === true || to?.kind === 'external-entity'
        )
      }),
    title: (p) => `${nameOf(p)} could reveal more than it should to outside callers`,
    description:
      'Data leaves this process across a trust boundary. Verbose errors, stack traces, or records the caller may not see can leak that way.',
    recommendation: {
      text: 'Return only the fields each caller is allowed to see, and replace internal error details with a reference the operators can look up.',
      priority: 'medium',
    },
    rationale:
      'A flow out of the process crosses a trust boundary, runs over a public network or goes to an external entity.',
  }),
  defineRule({
    id: 'process-feeds-exposed-process',
    category: 'information-disclosure',
    appliesTo: 'process',
    when: (facts, p) =>
      !reachableFromOutside(facts, p.id) &&
      outbound(facts, p.id).some((f) => {
        const to = peer(facts, f, p.id)
        return to?.kind === 'process' && reachableFromOutside(facts, to.id)
      }),
    title: (p) => `Data held by ${nameOf(p)} could be pulled out through the processes it serves`,
    description:
      'This process sits behind one that outsiders reach directly and sends data to it; a flaw in the front process, or a stolen copy of this one’s data, exposes what it holds.',
    recommendation: {
      text: 'Return only what each request needs, give the front process a narrowly scoped account here, and encrypt what this process keeps on disk and in backups.',
      priority: 'medium',
    },
    rationale:
      'The process is not reachable from outside itself, and a flow from it goes to a process that is.',
  }),
  defineRule({
    id: 'process-sensitive-data-exposed',
    category: 'information-disclosure',
    appliesTo: 'process',
    when: (facts, p) =>
      (p.properties.handlesPersonalData === true || p.properties.handlesPayment === true) &&
      reachableFromOutside(facts, p.id),
    title: (p) => `Personal or payment data handled by ${nameOf(p)} is within reach from outside`,
    description:
      'This process handles personal or payment data and can be reached from outside; a flaw in it exposes that data directly.',
    recommendation: {
      text: 'Keep the sensitive data behind a separate internal service, mask it in responses and logs, and limit which callers may read it.',
      priority: 'high',
    },
    rationale:
      'The process is marked as handling personal or payment data and is reachable from outside.',
  }),
  defineRule({
    id: 'process-no-rate-limit',
    category: 'denial-of-service',
    appliesTo: 'process',
    when: (facts, p) => p.properties.rateLimited !== true && reachableFromOutside(facts, p.id),
    title: (p) => `${nameOf(p)} could be flooded with requests from outside`,
    description:
      'Anyone who can reach this process from outside can send it as many requests as they like; nothing on the diagram says it limits them.',
    recommendation: {
      text: 'Rate-limit and size-limit requests per caller (at the process or a gateway in front of it), then mark the process as rate limited.',
      priority: 'medium',
    },
    rationale: 'The process is reachable from outside and is not marked as rate limited.',
  }),
  defineRule({
    id: 'process-relayed-input',
    category: 'denial-of-service',
    appliesTo: 'process',
    when: (facts, p) => {
      const reached = reachedByOutsideInput(facts)
      if (!reached.has(p.id)) return false
      // Consuming from a store (a queue) that another part fills with outside input is
      // relaying, even when the process is also reachable directly; reading back what it
      // wrote itself is not.
      const fromFilledStore = inbound(facts, p.id).some((f) => {
        const store = peer(facts, f, p.id)
        if (store?.kind !== 'data-store') return false
        return inbound(facts, store.id).some((w) => {
          const writer = peer(facts, w, store.id)
          return writer !== undefined && writer.id !== p.id && reached.has(writer.id)
        })
      })
      return fromFilledStore || !reachableFromOutside(facts, p.id)
    },
    title: (p) => `Malformed input relayed to ${nameOf(p)} could stop it`,
    description:
      'Data that started outside the system reaches this process through other parts (a queue, a store, another process). One malformed item it cannot handle can stop it or make it retry forever.',
    recommendation: {
      text: 'Validate relayed input again here, and move items that fail repeatedly to a dead-letter store instead of retrying them.',
      priority: 'medium',
    },
    rationale:
      'Following flows from an element reachable from outside leads to this process, which either is not reachable from outside itself or reads from a data store that another element reached by outside input writes to.',
  }),
  defineRule({
    id: 'process-privileged-exposed',
    category: 'elevation-of-privilege',
    appliesTo: 'process',
    when: (facts, p) =>
      p.properties.privilegeLevel === 'root/admin' && reachedByOutsideInput(facts).has(p.id),
    title: (p) => `Outside input reaches ${nameOf(p)}, which runs as an administrator`,
    description:
      'This process runs with root or administrator rights and input from outside reaches it; any flaw in it gives an attacker those rights.',
    recommendation: {
      text: 'Run the process with the least privilege its job needs, or split the privileged part into a separate process that accepts only narrow, validated commands.',
      priority: 'high',
    },
    rationale: 'The process is marked root/admin and a chain of flows from outside reaches it.',
  }),
  defineRule({
    id: 'process-unauthorised-actions',
    category: 'elevation-of-privilege',
    appliesTo: 'process',
    when: (facts, p) =>
      p.properties.authenticatesCallers !== true &&
      inbound(facts, p.id).some(
        (f) =>
          f.properties.authenticated !== true &&
          (comesFromOutside(facts, f, p.id) || usesCleartextProtocol(f)),
      ),
    title: (p) => `Callers could use ${nameOf(p)} for actions they are not allowed`,
    description:
      'Unauthenticated requests reach this process from outside, or over a clear-text protocol anyone on the network can speak, so it cannot tell which actions each caller may perform; whatever the process may do, they may do.',
    recommendation: {
      text: 'Check authorisation for every action against the authenticated caller, deny by default, and keep administrative functions on a separate interface.',
      priority: 'high',
    },
    rationale:
      'A flow into the process comes from outside or names a clear-text protocol, and neither the flow nor the process is marked as authenticated.',
  }),
]
