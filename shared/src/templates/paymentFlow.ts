import type { TemplateSpec } from './templateModel.ts'

/** A checkout that takes card payments through a payment provider. */
export const paymentFlowTemplate: TemplateSpec = {
  id: 'payment-flow',
  name: 'Payment flow',
  summary: 'A checkout, a payment service, a payment provider and its callbacks, an orders store.',
  description:
    'Shoppers pay at checkout. The checkout service sends the amount and a card token to the ' +
    'payment service, which charges the card through an external payment provider. The provider ' +
    'reports the outcome on a callback; the payment service then marks the order paid in the ' +
    'orders database.',
  session: {
    goals: ['No one pays less than the price, and no card data leaks'],
    inScope: ['Checkout', 'Payment service', 'Payment callbacks', 'Orders database'],
    outOfScope: ['The payment provider\u2019s own systems'],
    peopleAffected: 'Shoppers, finance',
    newData: 'Payments and card tokens',
  },
  nodes: [
    {
      id: 'shopper',
      kind: 'external-entity',
      name: 'Shopper',
      col: 0,
      row: 0,
      properties: { nature: 'human' },
    },
    {
      id: 'checkout',
      kind: 'process',
      name: 'Checkout',
      col: 1,
      row: 0,
      properties: { internetFacing: true, handlesPayment: true },
    },
    {
      id: 'payments',
      kind: 'process',
      name: 'Payment service',
      col: 2,
      row: 0,
      properties: { handlesPayment: true, privilegeLevel: 'service' },
    },
    {
      id: 'provider',
      kind: 'external-entity',
      name: 'Payment provider',
      col: 3,
      row: 0,
      properties: { nature: 'system' },
    },
    {
      id: 'orders',
      kind: 'data-store',
      name: 'Orders database',
      col: 2,
      row: 1,
      properties: { storesPaymentData: true },
      assets: ['payments-data'],
    },
  ],
  flows: [
    {
      id: 'pay',
      from: 'shopper',
      to: 'checkout',
      name: 'Card details',
      protocol: 'HTTPS',
      encrypted: true,
      publicNetwork: true,
      properties: { carriesSensitiveData: true },
    },
    {
      id: 'charge',
      from: 'checkout',
      to: 'payments',
      name: 'Amount, card token',
      protocol: 'HTTP',
      properties: { carriesSensitiveData: true },
    },
    {
      id: 'authorize',
      from: 'payments',
      to: 'provider',
      name: 'Charge',
      protocol: 'HTTPS',
      encrypted: true,
      publicNetwork: true,
    },
    {
      id: 'result',
      from: 'provider',
      to: 'payments',
      name: 'Payment result',
      protocol: 'HTTPS (callback)',
      encrypted: true,
      publicNetwork: true,
    },
    { id: 'record', from: 'payments', to: 'orders', name: 'Mark paid', protocol: 'TCP' },
  ],
  boundaries: [{ id: 'payment-zone', name: 'Payment zone', cols: [2, 2], rows: [0, 1] }],
  assets: [
    {
      id: 'payments-data',
      name: 'Payments and card tokens',
      kind: 'data',
      sensitivity: 'restricted',
      owner: '',
      notes: '',
    },
  ],
}
