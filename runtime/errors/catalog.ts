// The one error catalog (architecture §10.2). Code matches errors by `code`, never by message.
export const CATALOG = {
  MALFORMED_REQUEST: { status: 400, title: 'Malformed request' },
  INVALID_QUERY: { status: 400, title: 'Invalid query' },
  UNAUTHENTICATED: { status: 401, title: 'Authentication required' },
  FORBIDDEN: { status: 403, title: 'Forbidden' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  UNIQUE_CONFLICT: { status: 409, title: 'Unique value already taken' },
  DELETE_RESTRICTED: { status: 409, title: 'Delete restricted by related records' },
  CONFLICT: { status: 409, title: 'Conflict with the current state' },
  PRECONDITION_FAILED: { status: 412, title: 'Precondition failed' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Payload too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  VALIDATION_FAILED: { status: 422, title: 'Validation failed' },
  PIPELINE_GATE: { status: 422, title: 'Stage requirements not met' },
  DEFINITION_INVALID: { status: 422, title: 'Definition invalid' },
  MIGRATION_REFUSED: { status: 409, title: 'Migration refused' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  INTERNAL: { status: 500, title: 'Internal error' },
  NOT_READY: { status: 503, title: 'Not ready' },
  QUERY_TIMEOUT: { status: 503, title: 'Query took too long' },
} as const;

export type ErrorCode = keyof typeof CATALOG;

export interface ProblemItem {
  pointer: string;
  code: string;
  message: string;
  file?: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors?: ProblemItem[];
  readonly headers?: Record<string, string>;
  /** Extension members of the problem body (RFC 9457 §3.2), e.g. both versions of a conflict. */
  readonly members?: Record<string, unknown>;

  constructor(code: ErrorCode, detail: string, options: { errors?: ProblemItem[]; headers?: Record<string, string>; cause?: unknown; members?: Record<string, unknown> } = {}) {
    super(detail, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = CATALOG[code].status;
    this.errors = options.errors;
    this.headers = options.headers;
    this.members = options.members;
  }
}

export function isAppError(err: unknown, code?: ErrorCode): err is AppError {
  return err instanceof AppError && (code === undefined || err.code === code);
}

export const appError = (code: ErrorCode, detail: string, options?: ConstructorParameters<typeof AppError>[2]): AppError =>
  new AppError(code, detail, options);

/** RFC 6901 escaping of one pointer segment. */
export function pointerSegment(seg: string | number): string {
  return String(seg).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointer(...segs: (string | number)[]): string {
  return segs.map((s) => '/' + pointerSegment(s)).join('');
}
