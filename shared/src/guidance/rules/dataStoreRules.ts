import type { DiagramFacts } from '../diagramFacts.ts'
import { defineRule, nameOf } from '../rule.ts'
import {
  inbound,
  outbound,
  peer,
  reachableFromOutside,
  reachedByOutsideInput,
} from '../topology.ts'

/** Elements that write to the store (a flow into it) or read from it (a flow out of it). */
const writers = (facts: DiagramFacts, id: string) =>
  inbound(facts, id).flatMap((f) => peer(facts, f, id) ?? [])
const readers = (facts: DiagramFacts, id: string) =>
  outbound(facts, id).flatMap((f) => peer(facts, f, id) ?? [])
/** Whether data that started outside the system can be written into the store. */
const writtenFromOutside = (facts: DiagramFacts, id: string) => {
  const reached = reachedByOutsideInput(facts)
  return writers(facts, id).some((w) => reached.has(w.id)) || reachableFromOutside(facts, id)
}
const hasWriter = (facts: DiagramFacts, id: string) =>
  writers(facts, id).some((w) => w.kind === 'process' || w.kind === 'external-entity')

export const dataStoreRules = [
  defineRule({
    id: 'store-credentials-unencrypted',
    category: 'information-disclosure',
    appliesTo: 'data-store',
    when: (_facts, s) =>
      s.properties.storesCredentials === true && s.properties.encryptedAtRest !== true,
    title: (s) => `Credentials in ${nameOf(s)} could be read by anyone who gets at the store`,
    description:
      'This store holds credentials and is not marked as encrypted at rest; a copy of it (a backup, a stolen disk, a read-only breach) gives away every credential in it.',
    recommendation: {
      text: 'Keep secrets in a secrets manager, or encrypt them with a key held elsewhere; store password hashes only (bcrypt, scrypt, Argon2).',
      priority: 'high',
    },
    rationale: 'The store is marked as storing credentials and not as encrypted at rest.',
  }),
  defineRule({
    id: 'store-sensitive-unencrypted',
    category: 'information-disclosure',
    appliesTo: 'data-store',
    when: (_facts, s) =>
      (s.properties.storesPersonalData === true || s.properties.storesPaymentData === true) &&
      s.properties.encryptedAtRest !== true,
    title: (s) => `Personal or payment data in ${nameOf(s)} is not encrypted at rest`,
    description:
      'This store holds personal or payment data and is not marked as encrypted at rest; backups and disks leak it whole.',
    recommendation: {
      text: 'Encrypt the store (and its backups) at rest with managed keys, and tokenise card numbers instead of storing them.',
      priority: 'high',
    },
    rationale:
      'The store is marked as holding personal or payment data and not as encrypted at rest.',
  }),
  defineRule({
    id: 'store-read-by-exposed-process',
    category: 'information-disclosure',
    appliesTo: 'data-store',
    when: (facts, s) => {
      const reached = reachedByOutsideInput(facts)
      return readers(facts, s.id).some((r) => r.kind === 'process' && reached.has(r.id))
    },
    title: (s) => `Data in ${nameOf(s)} could be pulled out through the processes that read it`,
    description:
      'A process that reads this store is driven by input from outside; a flaw in its queries or access checks lets an outsider read records they should not.',
    recommendation: {
      text: 'Give each reader its own account limited to the records it needs, and check in the reader that the caller may see each record returned.',
      priority: 'medium',
    },
    rationale: 'A flow from the store goes to a process that input from outside reaches.',
  }),
  defineRule({
    id: 'store-written-from-outside',
    category: 'tampering',
    appliesTo: 'data-store',
    when: (facts, s) => s.properties.signed !== true && writtenFromOutside(facts, s.id),
    title: (s) => `Data in ${nameOf(s)} could be altered through input from outside`,
    description:
      'What is written to this store starts, at least partly, outside the system; altered or injected entries would be trusted by everything that reads them.',
    recommendation: {
      text: 'Validate what is written, restrict which writers may change which records, and sign entries whose integrity matters to their readers.',
      priority: 'medium',
    },
    rationale:
      'A writer of the store is reached by input from outside, or a flow into it comes from outside.',
  }),
  defineRule({
    id: 'log-store-writable',
    category: 'tampering',
    appliesTo: 'data-store',
    when: (facts, s) =>
      s.properties.isLog === true && s.properties.signed !== true && hasWriter(facts, s.id),
    title: (s) => `Entries in the log ${nameOf(s)} could be rewritten by what writes them`,
    description:
      'Processes write to this log and it is not marked as signed; a compromised writer can change or remove entries and hide what it did.',
    recommendation: {
      text: 'Make the log append-only for its writers (write-once storage or a separate log service) and hash-chain or sign its entries.',
      priority: 'medium',
    },
    rationale: 'The store is marked as a log, is not marked as signed, and a flow writes into it.',
  }),
  defineRule({
    id: 'log-store-repudiation',
    category: 'repudiation',
    appliesTo: 'data-store',
    when: (facts, s) =>
      s.properties.isLog === true && s.properties.signed !== true && hasWriter(facts, s.id),
    title: (s) => `The log ${nameOf(s)} might not hold up when an action is disputed`,
    description:
      'The log can be changed by the processes that write to it, so its entries prove little when someone denies an action.',
    recommendation: {
      text: 'Record the authenticated actor and time in each entry, and keep a copy outside the writers’ reach.',
      priority: 'medium',
    },
    rationale: 'The store is marked as a log, is not marked as signed, and a flow writes into it.',
  }),
  defineRule({
    id: 'store-changes-untraced',
    category: 'repudiation',
    appliesTo: 'data-store',
    when: (facts, s) =>
      s.properties.isLog !== true &&
      writtenFromOutside(facts, s.id) &&
      !facts.elements.some((e) => e.kind === 'data-store' && e.properties.isLog === true),
    title: (s) => `Changes to ${nameOf(s)} cannot be traced back to who made them`,
    description:
      'Input from outside changes this store and the diagram has no log store, so nobody can show later who changed what.',
    recommendation: {
      text: 'Log each change with the authenticated actor, or keep change history in the store itself.',
      priority: 'low',
    },
    rationale:
      'Outside input reaches the store and no data store on the diagram is marked as a log.',
  }),
  defineRule({
    id: 'store-spoofed-writes',
    category: 'spoofing',
    appliesTo: 'data-store',
    when: (facts, s) => {
      const reached = reachedByOutsideInput(facts)
      return inbound(facts, s.id).some((f) => {
        const from = peer(facts, f, s.id)
        return (
          f.properties.authenticated !== true &&
          (!from || reached.has(from.id) || f.crossesBoundary)
        )
      })
    },
    title: (s) => `Entries in ${nameOf(s)} might not come from who they appear to`,
    description:
      'Writes reach this store over flows that are not marked as authenticated from parts of the system that outside input drives; a forged entry would look like a real one to its readers.',
    recommendation: {
      text: 'Let only authenticated writers in (per-writer credentials), and have readers check where an entry came from.',
      priority: 'medium',
    },
    rationale:
      'An unauthenticated flow into the store comes from an element reached by outside input or crosses a trust boundary.',
  }),
  defineRule({
    id: 'store-access-through-exposed-process',
    category: 'elevation-of-privilege',
    appliesTo: 'data-store',
    when: (facts, s) =>
      [...readers(facts, s.id), ...writers(facts, s.id)].some(
        (e) => e.kind === 'process' && reachableFromOutside(facts, e.id),
      ),
    title: (s) => `A compromised front-line process would get all its rights on ${nameOf(s)}`,
    description:
      'A process that outsiders reach directly reads or writes this store; if it is taken over, the attacker gets every right its account has on the store.',
    recommendation: {
      text: 'Give that process an account limited to the tables or buckets and operations it needs, and keep the store off networks outsiders can reach.',
      priority: 'medium',
    },
    rationale: 'A flow links the store with a process that is reachable from outside.',
  }),
]
