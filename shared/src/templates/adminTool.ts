import type { TemplateSpec } from './templateModel.ts'

/** An internal tool staff use to change customer data: few users, large powers. */
export const adminToolTemplate: TemplateSpec = {
  id: 'admin-tool',
  name: 'Internal admin tool',
  summary: 'Staff behind single sign-on, an admin console with broad rights, production data.',
  description:
    'Support staff use an internal admin console to look up customers, reset their passwords ' +
    'and issue credits. Staff sign in through the company\u2019s single sign-on. The console runs ' +
    'with administrator rights on the production database and keeps an audit log of changes.',
  session: {
    goals: ['Only the right staff can change customer data, and every change is traceable'],
    inScope: ['Admin console', 'Production database', 'Audit log'],
    outOfScope: ['The single sign-on provider', 'Staff laptops'],
    peopleAffected: 'Support staff and every customer',
    newData: 'None: it changes existing customer data',
  },
  nodes: [
    {
      id: 'staff',
      kind: 'external-entity',
      name: 'Support staff',
      col: 0,
      row: 0,
      properties: { nature: 'human' },
    },
    {
      id: 'console',
      kind: 'process',
      name: 'Admin console',
      col: 1,
      row: 0,
      properties: { privilegeLevel: 'root/admin', handlesPersonalData: true },
    },
    {
      id: 'sso',
      kind: 'external-entity',
      name: 'Single sign-on',
      col: 0,
      row: 1,
      properties: { nature: 'system', authenticated: true },
    },
    {
      id: 'prod',
      kind: 'data-store',
      name: 'Production database',
      col: 2,
      row: 0,
      properties: { storesPersonalData: true, storesCredentials: true, encryptedAtRest: true },
    },
    {
      id: 'audit',
      kind: 'data-store',
      name: 'Audit log',
      col: 2,
      row: 1,
      properties: { isLog: true },
    },
  ],
  flows: [
    {
      id: 'use',
      from: 'staff',
      to: 'console',
      name: 'Look up, reset, credit',
      protocol: 'HTTPS',
      encrypted: true,
    },
    {
      id: 'login',
      from: 'sso',
      to: 'console',
      name: 'Sign-in assertion',
      protocol: 'HTTPS',
      encrypted: true,
      properties: { authenticated: true },
    },
    { id: 'change', from: 'console', to: 'prod', name: 'Read, update', protocol: 'TCP' },
    { id: 'trace', from: 'console', to: 'audit', name: 'Audit entries', protocol: 'TCP' },
  ],
  boundaries: [{ id: 'corp', name: 'Corporate network', cols: [1, 2], rows: [0, 1] }],
  assets: [],
}
