import type { TemplateSpec } from './templateModel.ts'

/** A phone app talking to a cloud backend, with push notifications and file storage. */
export const mobileCloudTemplate: TemplateSpec = {
  id: 'mobile-cloud',
  name: 'Mobile app with a cloud backend',
  summary: 'A phone app, an API gateway, a backend service, object storage and a push service.',
  description:
    'A mobile app lets users keep notes and photos. The app signs users in with a token from the ' +
    'identity provider and calls the API gateway in the cloud. A backend service behind the ' +
    'gateway stores notes in a document database and photos in object storage, and sends push ' +
    'notifications through the platform push service.',
  session: {
    goals: ['Protect what users store from the phone to the cloud'],
    inScope: ['Mobile app', 'API gateway', 'Notes service', 'Storage'],
    outOfScope: ['The phone operating system', 'The identity provider itself'],
    peopleAffected: 'App users',
    newData: 'Notes and photos users upload',
  },
  nodes: [
    {
      id: 'app',
      kind: 'external-entity',
      name: 'Mobile app',
      col: 0,
      row: 0,
      properties: { nature: 'system' },
    },
    {
      id: 'gateway',
      kind: 'process',
      name: 'API gateway',
      col: 1,
      row: 0,
      properties: { internetFacing: true, authenticatesCallers: true },
    },
    {
      id: 'notes',
      kind: 'process',
      name: 'Notes service',
      col: 2,
      row: 0,
      properties: { handlesPersonalData: true, privilegeLevel: 'service' },
    },
    {
      id: 'docs',
      kind: 'data-store',
      name: 'Notes database',
      col: 2,
      row: 1,
      properties: { storesPersonalData: true },
      assets: ['notes-data'],
    },
    {
      id: 'photos',
      kind: 'data-store',
      name: 'Photo storage',
      col: 3,
      row: 1,
      properties: { storesPersonalData: true, encryptedAtRest: true },
    },
    {
      id: 'push',
      kind: 'external-entity',
      name: 'Push service',
      col: 3,
      row: 0,
      properties: { nature: 'system' },
    },
  ],
  flows: [
    {
      id: 'requests',
      from: 'app',
      to: 'gateway',
      name: 'API requests',
      protocol: 'HTTPS',
      encrypted: true,
      publicNetwork: true,
      properties: { carriesSensitiveData: true },
    },
    { id: 'forward', from: 'gateway', to: 'notes', name: 'Forwarded calls', protocol: 'HTTP' },
    { id: 'save', from: 'notes', to: 'docs', name: 'Save notes', protocol: 'TCP' },
    {
      id: 'upload',
      from: 'notes',
      to: 'photos',
      name: 'Store photos',
      protocol: 'HTTPS',
      encrypted: true,
    },
    {
      id: 'notify',
      from: 'notes',
      to: 'push',
      name: 'Notifications',
      protocol: 'HTTPS',
      encrypted: true,
      publicNetwork: true,
    },
  ],
  boundaries: [{ id: 'cloud', name: 'Cloud account', cols: [1, 2], rows: [0, 1] }],
  assets: [
    {
      id: 'notes-data',
      name: 'Users\u2019 notes and photos',
      kind: 'data',
      sensitivity: 'confidential',
      owner: '',
      notes: '',
    },
  ],
}
