import { z } from 'zod';
import type { ConsentStore } from '../consent-store.js';
import { ConsentError, type ConsentErrorCode } from '../errors.js';
import type { EventInput } from '../inputs.js';
import type { RightsRequestView } from '../projection.js';
import { openApiDocument } from './openapi.js';
import { fileRequestBodySchema, recordEventsBodySchema } from './schemas.js';

export const consentHandlerOptionsSchema = z.object({
  /** Prefix the handler is mounted under, e.g. `/consent`. */
  basePath: z
    .string()
    .regex(/^(\/[A-Za-z0-9._~-]+)*$/)
    .default(''),
  /** The app's own authentication: the subject id of the request, or null when not signed in. */
  authenticate: z.custom<(request: Request) => Promise<string | null> | string | null>(
    (value) => typeof value === 'function',
    { message: 'authenticate must be a function' },
  ),
});
export type ConsentHandlerOptions = z.input<typeof consentHandlerOptionsSchema>;

type HttpErrorCode =
  | ConsentErrorCode
  | 'UNAUTHENTICATED'
  | 'METHOD_NOT_ALLOWED'
  | 'ROUTE_NOT_FOUND'
  | 'INTERNAL';

const statusOf: Partial<Record<HttpErrorCode, number>> = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  GUARDIAN_REQUIRED: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  NO_POLICY: 404,
  METHOD_NOT_ALLOWED: 405,
  INVALID_TRANSITION: 409,
  POLICY_VERSION_EXISTS: 409,
  SUBJECT_ERASED: 410,
  ASKED_TOO_SOON: 429,
};

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });
}

function errorResponse(
  code: HttpErrorCode,
  message: string,
  issues?: { path: string; message: string }[],
): Response {
  return jsonResponse(statusOf[code] ?? 500, { error: { code, message, ...(issues ? { issues } : {}) } });
}

async function readJson<T extends z.ZodType>(request: Request, schema: T): Promise<z.output<T> | Response> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return errorResponse('INVALID_INPUT', 'the body is not JSON');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    return errorResponse(
      'INVALID_INPUT',
      'the body failed validation',
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  }
  return parsed.data;
}

/** Request views for the subject: the pseudonym is internal and stays out of responses. */
function publicRequest(request: RightsRequestView) {
  const { subjectRef: _hidden, ...rest } = request;
  return rest;
}

/**
 * A Fetch-API handler (Request → Response) for mobile clients; mount it in Hono, Express (via a
 * Fetch adapter), Fastify or a bare `Bun.serve`/`Deno.serve`. Errors are JSON with a stable `code`.
 */
export function createConsentHandler(store: ConsentStore, options: ConsentHandlerOptions) {
  const parsed = consentHandlerOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new ConsentError('INVALID_INPUT', `invalid handler options: ${z.prettifyError(parsed.error)}`);
  }
  const { basePath, authenticate } = parsed.data;
  const openApi = openApiDocument(basePath);

  async function route(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (!url.pathname.startsWith(basePath)) return errorResponse('ROUTE_NOT_FOUND', 'no such route');
    const path = url.pathname.slice(basePath.length) || '/';
    const method = request.method.toUpperCase();
    const only = (allowed: string) =>
      method === allowed ? undefined : errorResponse('METHOD_NOT_ALLOWED', `use ${allowed} on ${path}`);

    if (path === '/openapi.json') return only('GET') ?? jsonResponse(200, openApi);
    if (path === '/policy/current') {
      const current = store.currentPolicy();
      if (!current) return errorResponse('NO_POLICY', 'no privacy policy is in force');
      return only('GET') ?? jsonResponse(200, current);
    }
    const versionMatch = /^\/policy\/versions\/([^/]+)$/.exec(path);
    if (versionMatch) {
      const document = store.policyDocument(decodeURIComponent(versionMatch[1] as string));
      if (!document) return errorResponse('NOT_FOUND', 'no such policy version');
      return only('GET') ?? jsonResponse(200, document);
    }
    if (!path.startsWith('/me/')) return errorResponse('ROUTE_NOT_FOUND', 'no such route');

    const subject = await authenticate(request);
    if (!subject) return errorResponse('UNAUTHENTICATED', 'sign in first');

    if (path === '/me/events') {
      const wrong = only('POST');
      if (wrong) return wrong;
      const body = await readJson(request, recordEventsBodySchema);
      if (body instanceof Response) return body;
      const events = body.events.map((event) => ({ ...event, subject }) as EventInput);
      return jsonResponse(201, { recorded: await store.record(events) });
    }
    if (path === '/me/consents') return only('GET') ?? jsonResponse(200, store.consents(subject));
    if (path === '/me/permissions') {
      const wrong = only('GET');
      if (wrong) return wrong;
      const permissions = store.currentPolicy()?.document.permissions ?? [];
      return jsonResponse(200, {
        permissions: permissions.map((p) => ({ ...p, status: store.permissionStatus(subject, p.id) })),
      });
    }
    if (path === '/me/requests') {
      if (method === 'GET')
        return jsonResponse(200, { requests: store.requests({ subject }).map(publicRequest) });
      const wrong = only('POST');
      if (wrong) return wrong;
      const body = await readJson(request, fileRequestBodySchema);
      if (body instanceof Response) return body;
      return jsonResponse(201, publicRequest(await store.fileRequest({ subject, kind: body.kind })));
    }
    const requestMatch = /^\/me\/requests\/([0-9a-f-]{36})$/.exec(path);
    if (requestMatch) {
      const wrong = only('GET');
      if (wrong) return wrong;
      const found = store.requests({ subject }).find((r) => r.id === requestMatch[1]);
      if (!found) return errorResponse('NOT_FOUND', 'no such request for this subject');
      return jsonResponse(200, publicRequest(found));
    }
    return errorResponse('ROUTE_NOT_FOUND', 'no such route');
  }

  return async function handle(request: Request): Promise<Response> {
    try {
      return await route(request);
    } catch (error) {
      if (error instanceof ConsentError) return errorResponse(error.code, error.message);
      // Unexpected failures say nothing about their cause: it may involve personal data.
      return errorResponse('INTERNAL', 'internal error');
    }
  };
}
