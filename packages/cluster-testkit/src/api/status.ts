import type { ResourceType } from './resources';
import type { Status, StatusDetails } from './types';

/** An error the simulated server answers with a metav1.Status body, like the real apiserver. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
    /** Extra response headers, such as Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toStatus(): Status {
    return statusBody(this.code, this.reason, this.message, this.details);
  }
}

export function statusBody(code: number, reason: string, message: string, details?: StatusDetails): Status {
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: code >= 200 && code < 300 ? 'Success' : 'Failure',
    message,
    reason,
    code,
  };
  if (details) status.details = details;
  return status;
}

type TypeRef = Pick<ResourceType, 'group' | 'plural'>;

const qualified = (type: TypeRef) => (type.group ? `${type.plural}.${type.group}` : type.plural);

export const errors = {
  notFound: (type: TypeRef, name: string) =>
    new ApiError(404, 'NotFound', `${qualified(type)} "${name}" not found`, {
      name,
      group: type.group,
      kind: type.plural,
    }),
  pathNotFound: () => new ApiError(404, 'NotFound', 'the server could not find the requested resource'),
  alreadyExists: (type: TypeRef, name: string) =>
    new ApiError(409, 'AlreadyExists', `${qualified(type)} "${name}" already exists`, {
      name,
      group: type.group,
      kind: type.plural,
    }),
  conflict: (type: TypeRef, name: string) =>
    new ApiError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualified(type)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      { name, group: type.group, kind: type.plural },
    ),
  invalid: (kind: string, name: string, message: string) =>
    new ApiError(422, 'Invalid', `${kind} "${name}" is invalid: ${message}`, { name, kind }),
  badRequest: (message: string) => new ApiError(400, 'BadRequest', message),
  unauthorized: () => new ApiError(401, 'Unauthorized', 'Unauthorized'),
  forbidden: (message: string, details?: StatusDetails) => new ApiError(403, 'Forbidden', message, details),
  methodNotAllowed: (verb: string) =>
    new ApiError(
      405,
      'MethodNotAllowed',
      `the server does not allow this method on the requested resource (${verb})`,
    ),
  notAcceptable: (accept: string) =>
    new ApiError(
      406,
      'NotAcceptable',
      `the server could not find the requested resource for media type ${accept}`,
    ),
  unsupportedMediaType: (contentType: string) =>
    new ApiError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json, application/merge-patch+json, application/json-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml (got ${contentType})`,
    ),
  expiredResourceVersion: (requested: number, oldest: number) =>
    new ApiError(410, 'Expired', `too old resource version: ${requested} (${oldest})`),
  expiredContinue: () =>
    new ApiError(
      410,
      'Expired',
      'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
    ),
  tooManyRequests: (retryAfterSeconds: number, message = 'Too many requests, please try again later.') =>
    new ApiError(
      429,
      'TooManyRequests',
      message,
      { retryAfterSeconds },
      { 'Retry-After': String(retryAfterSeconds) },
    ),
  requestEntityTooLarge: (limit: number) =>
    new ApiError(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`),
  internal: (message: string) => new ApiError(500, 'InternalError', `Internal error occurred: ${message}`),
  unavailable: (message = 'the server is currently unable to handle the request') =>
    new ApiError(503, 'ServiceUnavailable', message),
};
