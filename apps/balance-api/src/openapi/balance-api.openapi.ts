/**
 * The OpenAPI document of GetBalance (mobile-plans.md section 5, decisions.md D1–D17). Served at /openapi.json and
 * committed as docs/openapi/balance-api.json (`npm run docs:openapi:balance-api`); a test keeps the two equal.
 */
const error = (description: string, example: Record<string, string>) => ({
  description,
  headers: { 'X-MS-DM-TransactionId': { $ref: '#/components/headers/TransactionId' } },
  content: {
    'application/json': {
      schema: { $ref: '#/components/schemas/Error' },
      example: { error: example },
    },
  },
});

export const balanceApiOpenApi = {
  openapi: '3.1.0',
  info: {
    title: 'Mobile Plans GetBalance',
    version: '1.0.0',
    description:
      "The balance API Microsoft's Mobile Plans service calls. Served over HTTPS with mutual TLS: Microsoft's client " +
      'certificate (subject CN=partners.datamart.windows.com by default) must chain to the configured CA; Basic ' +
      'authentication may be required on top.',
  },
  servers: [{ url: 'https://localhost:3444' }],
  security: [{ mutualTLS: [] }, { mutualTLS: [], basic: [] }],
  paths: {
    '/v1/sims/{simId}/balances': {
      get: {
        operationId: 'getBalances',
        summary: 'The balances of one SIM',
        parameters: [
          {
            name: 'simId',
            in: 'path',
            required: true,
            description:
              'The ICCID as `iccid:<ICCID>`, `iccid: <ICCID>` (sent as `iccid:%20<ICCID>`) or bare; a trailing F is dropped (D3).',
            schema: { type: 'string' },
            example: 'iccid:8988247000100003319',
          },
          {
            name: 'fieldsTemplate',
            in: 'query',
            required: false,
            description: '`basic` (default) or `full`, any letter case (D7).',
            schema: { type: 'string', default: 'basic' },
          },
          {
            name: 'limit',
            in: 'query',
            required: false,
            description: 'At most this many balances; absent = all (D6).',
            schema: { type: 'integer', minimum: 1, maximum: 2147483647 },
          },
          {
            name: 'location',
            in: 'query',
            required: false,
            description:
              'An assigned ISO 3166-1 alpha-2 code, any letter case; empty or absent = every active balance (D5).',
            schema: { type: 'string' },
          },
          {
            name: 'X-MS-DM-TransactionId',
            in: 'header',
            required: false,
            description:
              '1–64 characters without control characters, unique per request; echoed on every answer; made up ' +
              'when absent; a repeat within 24 hours is refused with 409 (D10).',
            schema: { type: 'string', minLength: 1, maxLength: 64 },
          },
        ],
        responses: {
          '200': {
            description:
              "The SIM's balances; one NONE balance (0, PT0S) when it has none there, one NOTSUPPORTED balance for a " +
              'SIM outside the Mobile Plans program (D4, D5, D13).',
            headers: { 'X-MS-DM-TransactionId': { $ref: '#/components/headers/TransactionId' } },
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/Balances' },
                example: {
                  balances: [
                    {
                      id: 'b-1f2e3d4c5b6a7988',
                      type: 'MODIRECTPAYG',
                      dataRemainingInMB: 1536.5,
                      timeRemaining: 'P23DT23H',
                    },
                  ],
                },
              },
            },
          },
          '400': error('A bad query parameter or header, named in `parameter`.', {
            code: 'INVALID_PARAMETER',
            message: 'limit must be an integer from 1 to 2147483647',
            parameter: 'limit',
          }),
          '401': error(
            'No client certificate, an expired one, or wrong Basic credentials (D1, D2).',
            {
              code: 'CLIENT_CERTIFICATE_REQUIRED',
              message: 'A client certificate is required.',
            },
          ),
          '403': error('A client certificate from an untrusted CA or with another subject (D1).', {
            code: 'CLIENT_CERTIFICATE_UNTRUSTED',
            message: 'The client certificate is not issued by a trusted authority.',
          }),
          '404': error('A malformed ICCID, or one outside every COSA range (D4).', {
            code: 'SIM_NOT_FOUND',
            message: 'No such SIM.',
          }),
          '409': error('The X-MS-DM-TransactionId was already used (D10).', {
            code: 'TRANSACTION_ID_REPEATED',
            message: 'This X-MS-DM-TransactionId was already used.',
          }),
          '429': {
            ...error("Over the client's rate (D11).", {
              code: 'TOO_MANY_REQUESTS',
              message: 'Too many requests; retry in 1 s.',
            }),
            headers: {
              'X-MS-DM-TransactionId': { $ref: '#/components/headers/TransactionId' },
              'Retry-After': {
                description: 'Whole seconds to wait.',
                schema: { type: 'integer', minimum: 1 },
              },
            },
          },
          '500': {
            ...error(
              'The service failed; the cause, without internals (D12). `DATABASE_UNAVAILABLE` when the database ' +
                'cannot be reached for a moment, with Retry-After (ADR 0025).',
              {
                code: 'BALANCE_STORE_UNAVAILABLE',
                message: 'The balance store is unavailable; try again later.',
              },
            ),
            headers: {
              'X-MS-DM-TransactionId': { $ref: '#/components/headers/TransactionId' },
              'Retry-After': {
                description: 'Whole seconds to wait (only with `DATABASE_UNAVAILABLE`).',
                schema: { type: 'integer', minimum: 1 },
              },
            },
          },
        },
      },
    },
  },
  components: {
    securitySchemes: {
      mutualTLS: { type: 'mutualTLS', description: "Microsoft's client certificate (D1)." },
      basic: { type: 'http', scheme: 'basic', description: 'Only when configured (D2).' },
    },
    headers: {
      TransactionId: {
        description: "The request's X-MS-DM-TransactionId, or the one made for it.",
        schema: { type: 'string' },
      },
    },
    schemas: {
      Balances: {
        type: 'object',
        required: ['balances'],
        properties: {
          balances: { type: 'array', items: { $ref: '#/components/schemas/Balance' } },
        },
      },
      Balance: {
        type: 'object',
        required: ['id', 'type', 'dataRemainingInMB', 'timeRemaining'],
        properties: {
          id: { type: 'string', description: "The operator's id of the balance." },
          type: { type: 'string', enum: ['MODIRECT', 'MODIRECTPAYG', 'NONE', 'NOTSUPPORTED'] },
          dataRemainingInMB: { type: 'number', format: 'double', minimum: 0 },
          timeRemaining: {
            type: 'string',
            description: 'ISO 8601 duration at request time (D14).',
            example: 'P23DT23H',
          },
          locations: { type: 'array', items: { type: 'string' }, description: 'Full view only.' },
          'ms-provisioningDataSet': {
            type: 'array',
            items: { type: 'string' },
            description: 'Full view only.',
          },
        },
      },
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: {
              code: { type: 'string' },
              message: { type: 'string' },
              parameter: { type: 'string', description: 'The bad parameter or header (400 only).' },
            },
          },
        },
      },
    },
  },
} as const;
