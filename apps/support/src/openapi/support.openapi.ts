import { openApiParameters, openApiSchema } from '@mp/contracts';
import type { z } from 'zod';
import {
  historyPageQuerySchema,
  indexRebuildBodySchema,
  operatorActionsQuerySchema,
  redriveBodySchema,
  rejectedQuerySchema,
  searchQuerySchema,
  simPathSchema,
  transactionPathSchema,
} from '../http/support.schemas';

/**
 * The OpenAPI document of the support API (contracts.md section 6, ADR 0010), its parameters and bodies generated
 * from the zod schemas the controllers parse with. Served at /openapi.json and committed as docs/openapi/support.json
 * (`npm run docs:openapi`); a test keeps the two equal.
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

const json = (description: string) => ({
  description,
  content: { 'application/json': { schema: { type: 'object' } } },
});

const read = {
  '400': error(
    'A bad parameter, named in `parameter`.',
    'INVALID_PARAMETER',
    'limit: must be an integer',
    'limit',
  ),
  '401': error('No bearer token.', 'UNAUTHORIZED', 'A support token is required.'),
  '403': error(
    'A token the support API does not know.',
    'CREDENTIAL_REFUSED',
    'The credential is refused.',
  ),
};
const operate = {
  ...read,
  '403': error(
    'A token it does not know, or a user who is not an operator (SUPPORT_OPERATORS).',
    'ROLE_REQUIRED',
    'This needs the support operator role.',
  ),
};
const unknownPurchase = error(
  'No such purchase in the event index.',
  'UNKNOWN_TRANSACTION',
  'No purchase tx-1 in the event index.',
  'transactionId',
);

const get = (operationId: string, summary: string, query?: z.ZodType, path?: z.ZodType) => ({
  get: {
    operationId,
    summary,
    parameters: [
      ...(path === undefined ? [] : openApiParameters('path', path)),
      ...(query === undefined ? [] : openApiParameters('query', query)),
    ],
    responses: { '200': json(summary), ...read },
  },
});

const post = (operationId: string, summary: string, body: z.ZodType, path?: z.ZodType) => ({
  post: {
    operationId,
    summary,
    parameters: path === undefined ? [] : openApiParameters('path', path),
    requestBody: {
      required: true,
      content: { 'application/json': { schema: openApiSchema(body) } },
    },
    responses: {
      '202': json('Accepted, and recorded with the operator and their reason.'),
      ...operate,
    },
  },
});

const withNotFound = <T extends { get: { responses: object } }>(item: T): T => ({
  ...item,
  get: { ...item.get, responses: { ...item.get.responses, '404': unknownPurchase } },
});

export const supportOpenApi = {
  openapi: '3.1.0',
  info: {
    title: 'Mobile Plans support API',
    version: '1.0.0',
    description:
      'History, replay and search of purchases for support (the console and `npm run support` use it); redrive ' +
      'and index rebuild for operators. Every route needs a support bearer token (SUPPORT_CREDENTIALS; the ' +
      'development ones are under .local/credentials/support-credentials).',
  },
  servers: [{ url: 'http://127.0.0.1:3005' }],
  security: [{ bearer: [] }],
  paths: {
    '/v1/support/transactions': get(
      'searchPurchases',
      'Purchases by id prefix, state, flow, time, parked or waiting on a timer; newest first',
      searchQuerySchema,
    ),
    '/v1/support/transactions/{transactionId}': withNotFound(
      get('getPurchaseSummary', "A purchase's summary", undefined, transactionPathSchema),
    ),
    '/v1/support/transactions/{transactionId}/events': withNotFound(
      get(
        'getPurchaseHistory',
        "A purchase's events, oldest first, with their Kafka coordinates",
        undefined,
        transactionPathSchema,
      ),
    ),
    '/v1/support/transactions/{transactionId}/replay': withNotFound(
      get(
        'replayPurchase',
        'Each event folded through the purchase machine: states, changes, what it emitted',
        undefined,
        transactionPathSchema,
      ),
    ),
    '/v1/support/transactions/{transactionId}/redrive': (() => {
      const item = post(
        'redrivePurchase',
        'Redrive a parked purchase (operators only)',
        redriveBodySchema,
        transactionPathSchema,
      );
      return {
        post: {
          ...item.post,
          responses: {
            ...item.post.responses,
            '404': unknownPurchase,
            '409': error(
              'The purchase is not parked.',
              'NOT_PARKED',
              'Purchase tx-1 is not parked.',
              'transactionId',
            ),
          },
        },
      };
    })(),
    '/v1/support/sims/{iccid}/transactions': get(
      'getSimPurchases',
      'The purchases that touched a SIM, newest first',
      undefined,
      simPathSchema,
    ),
    '/v1/support/rejected-records': get(
      'listRejectedRecords',
      'Records no purchase took (G8), newest first',
      rejectedQuerySchema,
    ),
    '/v1/support/me': get('whoAmI', 'Who is signed in, and whether they may operate'),
    '/v1/support/operator-actions': get(
      'listOperatorActions',
      'What operators did (redrives, index rebuilds), newest first',
      operatorActionsQuerySchema,
    ),
    '/v1/support/machine': get('getMachine', 'The purchase machine as the console draws it'),
    '/v1/support/index/histories': get(
      'getHistoryPage',
      'Whole histories, page by page, for the fleet replay (ADR 0018)',
      historyPageQuerySchema,
    ),
    '/v1/support/index/rebuild': post(
      'rebuildIndex',
      'Drop the event index and read the log again from the first offset (operators only)',
      indexRebuildBodySchema,
    ),
    '/console': {
      get: {
        operationId: 'getConsole',
        summary: 'The support console (a static page; the user pastes their token)',
        security: [],
        responses: {
          '200': {
            description: 'The page.',
            content: { 'text/html': { schema: { type: 'string' } } },
          },
        },
      },
    },
    '/console/assets/{name}': {
      get: {
        operationId: 'getConsoleAsset',
        summary: "The console's scripts and styles (a fixed list)",
        security: [],
        parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'The file.',
            content: { 'text/javascript': { schema: { type: 'string' } } },
          },
          '404': error('No such file.', 'NOT_FOUND', 'No such console file.'),
        },
      },
    },
  },
  components: {
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer', description: 'A support user token.' },
    },
    schemas: {
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
              parameter: { type: 'string' },
            },
          },
        },
      },
    },
  },
};
