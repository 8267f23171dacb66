import type { TemplateSpec } from './templateModel.ts'

/** A browser front end, an API behind it and its database: the most common shape of system. */
export const webAppTemplate: TemplateSpec = {
  id: 'web-app',
  name: 'Web app with API and database',
  summary: 'Browser users, a web front end, a JSON API, a database and an application log.',
  description:
    'Customers use a single-page web app served over HTTPS. The web front end calls a JSON API, ' +
    'which reads and writes customer accounts and orders in a relational database and writes an ' +
    'application log. Customers sign in with a password; the API issues session cookies.',
  session: {
    goals: ['Know what could go wrong between the browser and the database'],
    inScope: ['Web front end', 'Orders API', 'Accounts database'],
    outOfScope: ['The cloud provider', 'Office network'],
    peopleAffected: 'Customers and the support team',
    newData: 'Customer accounts and order history',
  },
  nodes: [
    {
      id: 'customer',
      kind: 'external-entity',
      name: 'Customer',
      col: 0,
      row: 0,
      properties: { nature: 'human' },
    },
    {
      id: 'web',
      kind: 'process',
      name: 'Web front end',
      col: 1,
      row: 0,
      properties: { internetFacing: true, privilegeLevel: 'service' },
    },
    {
      id: 'api',
      kind: 'process',
      name: 'Orders API',
      col: 2,
      row: 0,
      properties: { handlesPersonalData: true, authenticatesCallers: true },
    },
    {
      id: 'db',
      kind: 'data-store',
      name: 'Accounts database',
      col: 2,
      row: 1,
      properties: { storesCredentials: true, storesPersonalData: true },
      assets: ['accounts', 'orders'],
    },
    {
      id: 'log',
      kind: 'data-store',
      name: 'Application log',
      col: 1,
      row: 1,
      properties: { isLog: true },
    },
  ],
  flows: [
    {
      id: 'browse',
      from: 'customer',
      to: 'web',
      name: 'Sign in, browse',
      protocol: 'HTTPS',
      encrypted: true,
      publicNetwork: true,
      properties: { carriesSensitiveData: true },
    },
    { id: 'call', from: 'web', to: 'api', name: 'API calls', protocol: 'HTTP' },
    { id: 'query', from: 'api', to: 'db', name: 'SQL', protocol: 'TCP' },
    { id: 'write-log', from: 'api', to: 'log', name: 'Log lines', protocol: 'syslog' },
  ],
  boundaries: [{ id: 'backend', name: 'Backend network', cols: [2, 2], rows: [0, 1] }],
  assets: [
    {
      id: 'accounts',
      name: 'Customer accounts',
      kind: 'data',
      sensitivity: 'confidential',
      owner: '',
      notes: '',
    },
    {
      id: 'orders',
      name: 'Order history',
      kind: 'data',
      sensitivity: 'internal',
      owner: '',
      notes: '',
    },
  ],
}
