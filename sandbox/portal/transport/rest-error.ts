/**
 * An error answer of the portal: `{"error": code, "error_description": description}` with an HTTP
 * status. `kind` says whether it is a method's own validation error (ERROR_CORE, INVALID_ARGUMENT:
 * subject to the blank-code ambiguity) or a transport, auth or limit error.
 */
export class RestError extends Error {
  constructor(
    readonly code: string,
    readonly description: string,
    readonly status: number,
    readonly kind: 'method' | 'system' = 'system',
  ) {
    super(`${code}: ${description}`);
    this.name = 'RestError';
  }
}

/** ERROR_CORE with HTTP 400: the telephony methods' validation errors. */
export function coreError(description: string): RestError {
  return new RestError('ERROR_CORE', description, 400, 'method');
}

export function invalidArgument(description: string): RestError {
  return new RestError('INVALID_ARGUMENT', description, 400, 'method');
}

export const systemErrors = {
  noAuth: () => new RestError('NO_AUTH_FOUND', 'Wrong authorization data', 401),
  /** An inbound webhook path whose user and code match no active webhook. */
  unknownWebhook: (code: 'INVALID_CREDENTIALS' | 'NO_AUTH_FOUND') =>
    code === 'INVALID_CREDENTIALS'
      ? new RestError('INVALID_CREDENTIALS', 'Invalid request credentials', 401)
      : new RestError('NO_AUTH_FOUND', 'Wrong authorization data', 401),
  invalidToken: () => new RestError('invalid_token', 'The access token provided is invalid.', 401),
  expiredToken: () => new RestError('expired_token', 'The access token provided has expired.', 401),
  insufficientScope: (via: 'access' | 'webhook', status: number) =>
    new RestError(
      'insufficient_scope',
      `The request requires higher privileges than provided by the ${via === 'webhook' ? 'webhook' : 'access'} token`,
      status,
    ),
  wrongAuthType: (status: number) =>
    new RestError('WRONG_AUTH_TYPE', 'Current authorization type is denied for this method', status),
  methodNotFound: (status: number) => new RestError('ERROR_METHOD_NOT_FOUND', 'Method not found!', status),
  queryLimit: () => new RestError('QUERY_LIMIT_EXCEEDED', 'Too many requests', 503),
  operationTimeLimit: () =>
    new RestError('OPERATION_TIME_LIMIT', 'Method is blocked due to operation time limit', 429),
  internal: () => new RestError('INTERNAL_SERVER_ERROR', 'Internal server error', 500),
  accessDenied: (description: string) => new RestError('ACCESS_DENIED', description, 403),
};

/**
 * The REST API's own errors as the current system-error page lists them, for the `systemError`
 * fault: the ones the emulator never reaches by itself (a deleted portal, a plan without REST, a
 * manual overload block, an app restricted to some users) can be answered on demand.
 */
export const documentedSystemErrors = {
  INTERNAL_SERVER_ERROR: { status: 500, description: 'Internal server error' },
  ERROR_UNEXPECTED_ANSWER: { status: 500, description: 'Server returned an unexpected response' },
  QUERY_LIMIT_EXCEEDED: { status: 503, description: 'Too many requests' },
  OPERATION_TIME_LIMIT: { status: 429, description: 'Method is blocked due to operation time limit' },
  NO_AUTH_FOUND: { status: 401, description: 'Wrong authorization data' },
  INVALID_REQUEST: { status: 401, description: 'Https required' },
  OVERLOAD_LIMIT: { status: 401, description: 'REST API is blocked due to overload' },
  ACCESS_DENIED: { status: 401, description: 'REST is available only on commercial plans' },
  INVALID_CREDENTIALS: { status: 401, description: 'Invalid request credentials' },
  user_access_error: { status: 401, description: 'The user does not have access to the application' },
  PORTAL_DELETED: { status: 403, description: 'Portal was deleted' },
} as const;

export type DocumentedSystemError = keyof typeof documentedSystemErrors;
