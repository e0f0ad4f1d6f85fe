import {
  balanceAdjustmentSchema,
  openApiSchema,
  portalEventSchema,
  purchaseViewSchema,
  usageEventSchema,
} from '@mp/contracts';

/**
 * The OpenAPI document of the portal gateway (contracts.md sections 1–3, ADR 0020's balance adjustments), its bodies generated from the contracts'
 * zod schemas. Served at /openapi.json and committed as docs/openapi/portal-gateway.json (`npm run docs:openapi`);
 * a test keeps the two equal.
 */
const error = (description: string, code: string, message: string, parameter?: string) => ({
  description,
  content: {
    'application/json': {
      schema: { $ref: '#/components/schemas/Error' },
      example: { error: { code, message, ...(parameter === undefined ? {} : { parameter }) } },
    },
  },
});

const refused = {
  '401': error(
    'No credential, or one the gateway does not know (ADR 0016).',
    'UNAUTHORIZED',
    'A portal client credential is required.',
  ),
  '403': error(
    'An unknown token, or a client certificate from another CA or with a subject that is not listed.',
    'CREDENTIAL_REFUSED',
    'The portal client credential is not accepted.',
  ),
};

const intake = (summary: string, schema: string, accepted: Record<string, unknown>) => ({
  summary,
  requestBody: {
    required: true,
    content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } },
  },
  responses: {
    '202': {
      description:
        'Durably in Kafka; a repeat of the same event (same eventId and body) is answered the same.',
      content: { 'application/json': { schema: accepted } },
    },
    '400': error(
      'The event breaks the contract; `parameter` names the field.',
      'INVALID_EVENT',
      'transactionId: Too big: expected string to have <=64 characters',
      'transactionId',
    ),
    ...refused,
    '409': error(
      'The eventId was accepted before with another body, or from another client.',
      'EVENT_ID_CONFLICT',
      'eventId e-1 was already accepted with another body',
      'eventId',
    ),
    '503': error(
      'The event log is unavailable; nothing was stored, send it again.',
      'EVENT_LOG_UNAVAILABLE',
      'the event could not be stored, try again',
    ),
  },
});

const stringProperties = (...names: string[]) =>
  Object.fromEntries(names.map((name) => [name, { type: 'string' }]));

export const portalGatewayOpenApi = {
  openapi: '3.1.0',
  info: {
    title: 'Mobile Plans portal gateway',
    version: '1.0.0',
    description:
      "The operator's portal backends send portal and usage events and read purchases here, over HTTPS, with a " +
      'client certificate chained to the operator CA or a bearer token (docs/security.md).',
  },
  servers: [{ url: 'https://localhost:3000' }],
  security: [{ mutualTLS: [] }, { bearer: [] }],
  paths: {
    '/v1/portal-events': {
      post: {
        operationId: 'sendPortalEvent',
        ...intake(
          'A portal event: a purchase or a report of the app (contracts.md section 1)',
          'PortalEvent',
          {
            type: 'object',
            properties: stringProperties('eventId', 'transactionId'),
            required: ['eventId', 'transactionId'],
          },
        ),
      },
    },
    '/v1/usage-events': {
      post: {
        operationId: 'sendUsageEvent',
        ...intake(
          'Data used on a SIM, from the charging system (contracts.md section 2)',
          'UsageEvent',
          {
            type: 'object',
            properties: stringProperties('eventId', 'iccid'),
            required: ['eventId', 'iccid'],
          },
        ),
      },
    },
    '/v1/balance-adjustments': {
      post: {
        operationId: 'sendBalanceAdjustment',
        ...intake(
          'A balance adjustment from the charging system: subscription cancelled, refund, set or correct (ADR 0020)',
          'BalanceAdjustment',
          {
            type: 'object',
            properties: stringProperties('eventId', 'iccid', 'kind'),
            required: ['eventId', 'iccid', 'kind'],
          },
        ),
      },
    },
    '/v1/purchases/{transactionId}': {
      get: {
        operationId: 'getPurchase',
        summary:
          'A purchase as the portal reads it, with its directive once there is one (contracts.md section 3)',
        parameters: [
          {
            name: 'transactionId',
            in: 'path',
            required: true,
            schema: { type: 'string', minLength: 1, maxLength: 64 },
          },
          {
            name: 'waitMs',
            in: 'query',
            required: false,
            description:
              'Wait up to this long for the directive (long poll); 0 or absent answers at once.',
            schema: { type: 'integer', minimum: 0, maximum: 10000, default: 0 },
          },
        ],
        responses: {
          '200': {
            description: 'The purchase view.',
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/PurchaseView' } },
            },
          },
          '400': error(
            'A bad transactionId or waitMs.',
            'INVALID_PARAMETER',
            'waitMs: an integer from 0 to 10000',
            'waitMs',
          ),
          ...refused,
          '404': error(
            'No such purchase (yet).',
            'PURCHASE_NOT_FOUND',
            'no purchase tx-1',
            'transactionId',
          ),
        },
      },
    },
    '/assets/{file}': {
      get: {
        operationId: 'getPortalScript',
        summary: 'The portal-side script (ADR 0013): mobile-plans-reports.js or its versioned name',
        security: [],
        parameters: [
          {
            name: 'file',
            in: 'path',
            required: true,
            schema: { type: 'string' },
            example: 'mobile-plans-reports.js',
          },
        ],
        responses: {
          '200': {
            description: 'The script; a versioned name is cached for good.',
            content: { 'text/javascript': { schema: { type: 'string' } } },
          },
          '404': error('No such asset.', 'NOT_FOUND', 'no asset other.js', 'file'),
        },
      },
    },
  },
  components: {
    securitySchemes: {
      mutualTLS: {
        type: 'mutualTLS',
        description: 'A portal client certificate chained to the operator CA.',
      },
      bearer: { type: 'http', scheme: 'bearer', description: 'A portal client token.' },
    },
    schemas: {
      PortalEvent: openApiSchema(portalEventSchema),
      UsageEvent: openApiSchema(usageEventSchema),
      BalanceAdjustment: openApiSchema(balanceAdjustmentSchema),
      PurchaseView: openApiSchema(purchaseViewSchema, 'output'),
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: stringProperties('code', 'message', 'parameter'),
          },
        },
      },
    },
  },
};
