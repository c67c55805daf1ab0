import { z } from 'zod';
import { errorBodySchema, fileRequestBodySchema, recordEventsBodySchema } from './schemas.js';

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const ok = (description: string) => ({
  description,
  content: { 'application/json': { schema: { type: 'object' } } },
});

/** The OpenAPI 3.1 document of the handler; request bodies come from the same zod schemas that validate them. */
export function openApiDocument(basePath: string) {
  const errors = {
    '400': errorResponse('the input failed validation (code INVALID_INPUT)'),
    '401': errorResponse('no authenticated subject (code UNAUTHENTICATED)'),
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'piplkit consent-core',
      version: '1',
      description:
        'Privacy policy, consent and permission events, and rights requests of the signed-in subject.',
    },
    servers: [{ url: basePath || '/' }],
    components: {
      schemas: {
        Error: json(errorBodySchema),
        RecordEvents: json(recordEventsBodySchema),
        FileRequest: json(fileRequestBodySchema),
      },
    },
    paths: {
      '/policy/current': {
        get: {
          summary: 'The privacy policy in force, with its content hash',
          responses: { '200': ok('policy'), '404': errorResponse('no policy published (NO_POLICY)') },
        },
      },
      '/policy/versions/{version}': {
        get: {
          summary: 'An archived policy version',
          parameters: [{ name: 'version', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': ok('policy'), '404': errorResponse('unknown version (NOT_FOUND)') },
        },
      },
      '/me/events': {
        post: {
          summary: 'Record policy, purpose, permission or age events of the signed-in subject',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/RecordEvents' } } },
          },
          responses: {
            '201': ok('the events as appended to the ledger (seq, hash)'),
            ...errors,
            '403': errorResponse('a guardian must consent for a subject under 14 (GUARDIAN_REQUIRED)'),
            '404': errorResponse('unknown purpose, permission or policy version (NOT_FOUND)'),
            '429': errorResponse('permission refused within the quiet period (ASKED_TOO_SOON)'),
          },
        },
      },
      '/me/consents': {
        get: {
          summary: 'check() for every purpose of the policy in force',
          responses: { '200': ok('consents'), ...errors },
        },
      },
      '/me/permissions': {
        get: {
          summary: 'State of every declared permission and whether it may be asked',
          responses: { '200': ok('permissions'), ...errors },
        },
      },
      '/me/requests': {
        get: {
          summary: 'Rights requests of the signed-in subject',
          responses: { '200': ok('requests'), ...errors },
        },
        post: {
          summary: 'File a rights request (deadline in Chinese working days)',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/FileRequest' } } },
          },
          responses: { '201': ok('the request'), ...errors },
        },
      },
      '/me/requests/{id}': {
        get: {
          summary: 'Track one rights request',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          ],
          responses: {
            '200': ok('the request'),
            ...errors,
            '404': errorResponse('no such request for this subject (NOT_FOUND)'),
          },
        },
      },
    },
  };
}
