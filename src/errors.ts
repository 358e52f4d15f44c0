/**
 * The error hierarchy shared by every rosterkit entry point.
 *
 * Every error rosterkit throws extends {@link RosterkitError}, carries a stable string
 * {@link RosterkitError.code | code} and serialises through a safe `toJSON()` that never includes
 * secrets. Use the `is*` guards rather than `instanceof`: they also recognise errors thrown by
 * another copy of rosterkit (the ESM and the CJS build loaded side by side).
 *
 * @module
 */

/** Every stable error code rosterkit emits. Switch on these, never on messages. */
export type RosterkitErrorCode =
  | 'ROSTERKIT_ERROR'
  | 'ROSTERKIT_CONFIGURATION'
  | 'ROSTERKIT_AUTHENTICATION'
  | 'ROSTERKIT_PERMISSION_DENIED'
  | 'ROSTERKIT_NOT_FOUND'
  | 'ROSTERKIT_RATE_LIMITED'
  | 'ROSTERKIT_SERVER'
  | 'ROSTERKIT_API'
  | 'ROSTERKIT_CONNECTION'
  | 'ROSTERKIT_TIMEOUT'
  | 'ROSTERKIT_ABORTED'
  | 'ROSTERKIT_RESPONSE_SHAPE'
  | 'ROSTERKIT_RESPONSE_TOO_LARGE'
  | 'ROSTERKIT_CROSS_ORIGIN'
  | 'ROSTERKIT_INCOMPLETE_PULL'
  | 'ROSTERKIT_FULL_RESYNC_REQUIRED'
  | 'ROSTERKIT_CSV_FORMAT'
  | 'ROSTERKIT_NOT_ONEROSTER'
  | 'ROSTERKIT_UNSAFE_ARCHIVE'
  | 'ROSTERKIT_ZIP_UNSAFE'
  | 'ROSTERKIT_STALE_PREVIEW'
  | 'ROSTERKIT_SYNC_BLOCKED'
  | 'ROSTERKIT_DISTRICT_BUSY'
  | 'ROSTERKIT_MODEL'
  | 'ROSTERKIT_SFTP_CONNECTION'
  | 'ROSTERKIT_HOST_KEY_MISMATCH'
  | 'ROSTERKIT_SFTP_DROP'
  | 'ROSTERKIT_MISSING_DEPENDENCY'

/** Options accepted by every {@link RosterkitError} constructor. */
export interface RosterkitErrorOptions {
  /** The underlying error, kept for debugging. It is never serialised by `toJSON()`. */
  cause?: unknown
}

const BRAND: unique symbol = Symbol.for('rosterkit.error')

/**
 * Base class of every error rosterkit throws.
 *
 * @example
 * ```ts
 * try { await client.pull() } catch (err) {
 *   if (isRosterkitError(err)) console.error(err.code, err.toJSON())
 * }
 * ```
 */
export class RosterkitError extends Error {
  /** Stable machine-readable code. */
  readonly code: RosterkitErrorCode
  /** Brand shared across module copies so guards work between the ESM and CJS builds. */
  readonly [BRAND] = true

  constructor(message: string, code: RosterkitErrorCode = 'ROSTERKIT_ERROR', options: RosterkitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.code = code
    // V8 only; other runtimes keep the default stack.
    const capture = (Error as { captureStackTrace?: (target: object, ctor: unknown) => void }).captureStackTrace
    capture?.(this, new.target)
  }

  /** Safe, secret-free JSON: name, code, message and the subclass's public fields. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message }
  }
}

/** A zod-style issue attached to a {@link ConfigurationError} or {@link ModelValidationError}. */
export interface ErrorIssue {
  /** Where in the input the problem is. */
  path: ReadonlyArray<PropertyKey>
  /** What is wrong, for people. */
  message: string
  /** Machine code of the issue (zod's issue code where it came from zod). */
  code?: string
  /** For an unknown key (`code: 'unrecognized_keys'`): the closest known key, when one is close. */
  suggestion?: string
}

/** Bad options passed to a rosterkit factory or function; caught before any I/O. */
export class ConfigurationError extends RosterkitError {
  /** The individual problems found in the options. */
  readonly issues: readonly ErrorIssue[]
  constructor(message: string, issues: readonly ErrorIssue[] = [], options: RosterkitErrorOptions = {}) {
    super(message, 'ROSTERKIT_CONFIGURATION', options)
    this.issues = issues
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues.map((i) => ({ ...i, path: i.path.map(String) })) }
  }
}

/** A record or roster that does not satisfy the canonical model's schemas. */
export class ModelValidationError extends RosterkitError {
  /** The individual schema problems. */
  readonly issues: readonly ErrorIssue[]
  constructor(message: string, issues: readonly ErrorIssue[] = [], options: RosterkitErrorOptions = {}) {
    super(message, 'ROSTERKIT_MODEL', options)
    this.issues = issues
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues.map((i) => ({ ...i, path: i.path.map(String) })) }
  }
}

function hasBrand(value: unknown): value is RosterkitError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true
}

/**
 * True for any error thrown by rosterkit, including one from another copy of the package.
 * @param value - anything caught
 */
export function isRosterkitError(value: unknown): value is RosterkitError {
  return value instanceof RosterkitError || hasBrand(value)
}

/**
 * Builds a guard that recognises a subclass by its `code`, so it works across module copies.
 * Subclasses defined in other layers use it to export their own `is*` guard.
 * @param codes - the codes the guarded class can carry
 */
export function createErrorGuard<T extends RosterkitError>(
  ...codes: RosterkitErrorCode[]
): (value: unknown) => value is T {
  const wanted = new Set<RosterkitErrorCode>(codes)
  return (value: unknown): value is T => isRosterkitError(value) && wanted.has(value.code)
}

/** True for a {@link ConfigurationError} from any copy of rosterkit. */
export const isConfigurationError: (value: unknown) => value is ConfigurationError =
  createErrorGuard<ConfigurationError>('ROSTERKIT_CONFIGURATION')

/** True for a {@link ModelValidationError} from any copy of rosterkit. */
export const isModelValidationError: (value: unknown) => value is ModelValidationError =
  createErrorGuard<ModelValidationError>('ROSTERKIT_MODEL')

/** Which provider an HTTP error came from. */
export type ProviderName = 'oneroster' | 'clever' | 'oauth2' | 'http'

/** Context every HTTP-level error carries. All URLs are already redacted. */
export interface HttpErrorContext {
  /** Which provider made the request. */
  provider: ProviderName
  /** HTTP method. */
  method: string
  /** The request URL with secrets redacted. */
  url: string
  /** HTTP status, when a response arrived. */
  status?: number
  /** The server's request id (`X-Request-Id` and similar), when it sent one. */
  requestId?: string
  /** How long the server asked the client to wait, when it said. */
  retryAfterMs?: number
  /** A short, redacted snippet of the response body. */
  bodySnippet?: string
  /** A hint a person can act on, e.g. for a settings page. */
  hint?: string
}

/** Base of every error that concerns one HTTP exchange. */
export class HttpError extends RosterkitError {
  /** Which provider made the request. */
  readonly provider: ProviderName
  /** HTTP method. */
  readonly method: string
  /** The request URL, redacted. */
  readonly url: string
  /** HTTP status, when a response arrived. */
  readonly status: number | undefined
  /** The server's request id, when it sent one. */
  readonly requestId: string | undefined
  /** How long the server asked the client to wait, when known. */
  readonly retryAfterMs: number | undefined
  /** A short redacted snippet of the body. */
  readonly bodySnippet: string | undefined
  /** A hint a person can act on. */
  readonly hint: string | undefined

  constructor(
    message: string,
    code: RosterkitErrorCode,
    context: HttpErrorContext,
    options: RosterkitErrorOptions = {},
  ) {
    super(message, code, options)
    this.provider = context.provider
    this.method = context.method
    this.url = context.url
    this.status = context.status
    this.requestId = context.requestId
    this.retryAfterMs = context.retryAfterMs
    this.bodySnippet = context.bodySnippet
    this.hint = context.hint
  }

  override toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = {
      ...super.toJSON(),
      provider: this.provider,
      method: this.method,
      url: this.url,
    }
    if (this.status !== undefined) json.status = this.status
    if (this.requestId !== undefined) json.requestId = this.requestId
    if (this.retryAfterMs !== undefined) json.retryAfterMs = this.retryAfterMs
    if (this.bodySnippet !== undefined) json.bodySnippet = this.bodySnippet
    if (this.hint !== undefined) json.hint = this.hint
    return json
  }
}

/** The server answered with an error status. Subclasses say which. */
export class ApiError extends HttpError {
  constructor(
    message: string,
    context: HttpErrorContext,
    options: RosterkitErrorOptions = {},
    code: RosterkitErrorCode = 'ROSTERKIT_API',
  ) {
    super(message, code, context, options)
  }
}

/** 401, or a token endpoint refused the credentials. Check the client id and secret. */
export class AuthenticationError extends ApiError {
  constructor(message: string, context: HttpErrorContext, options: RosterkitErrorOptions = {}) {
    super(message, context, options, 'ROSTERKIT_AUTHENTICATION')
  }
}
/** 403: the credentials are valid but lack a scope or permission. */
export class PermissionDeniedError extends ApiError {
  constructor(message: string, context: HttpErrorContext, options: RosterkitErrorOptions = {}) {
    super(message, context, options, 'ROSTERKIT_PERMISSION_DENIED')
  }
}
/** 404: wrong path, or the record does not exist. */
export class NotFoundError extends ApiError {
  constructor(message: string, context: HttpErrorContext, options: RosterkitErrorOptions = {}) {
    super(message, context, options, 'ROSTERKIT_NOT_FOUND')
  }
}
/** 429 after every retry: the rate limit was not lifted in time. `retryAfterMs` says when to try. */
export class RateLimitError extends ApiError {
  constructor(message: string, context: HttpErrorContext, options: RosterkitErrorOptions = {}) {
    super(message, context, options, 'ROSTERKIT_RATE_LIMITED')
  }
}
/** 5xx after every retry. */
export class ServerError extends ApiError {
  constructor(message: string, context: HttpErrorContext, options: RosterkitErrorOptions = {}) {
    super(message, context, options, 'ROSTERKIT_SERVER')
  }
}

/** No response at all: DNS, refused connection, reset, TLS failure. The original error is `cause`. */
export class ConnectionError extends HttpError {
  constructor(message: string, context: HttpErrorContext, options: RosterkitErrorOptions = {}) {
    super(message, 'ROSTERKIT_CONNECTION', context, options)
  }
}
/** The request took longer than `timeoutMs`. */
export class TimeoutError extends HttpError {
  constructor(message: string, context: HttpErrorContext, options: RosterkitErrorOptions = {}) {
    super(message, 'ROSTERKIT_TIMEOUT', context, options)
  }
}
/** A 200 whose body is not what the endpoint promises: HTML, not JSON, or a missing envelope key. */
export class ResponseShapeError extends HttpError {
  /** Schema issues, when the body parsed but did not match. */
  readonly issues: readonly ErrorIssue[]
  constructor(
    message: string,
    context: HttpErrorContext,
    issues: readonly ErrorIssue[] = [],
    options: RosterkitErrorOptions = {},
  ) {
    super(message, 'ROSTERKIT_RESPONSE_SHAPE', context, options)
    this.issues = issues
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues.map((i) => ({ ...i, path: i.path.map(String) })) }
  }
}
/** The response body exceeded the configured size cap. */
export class ResponseTooLargeError extends HttpError {
  constructor(message: string, context: HttpErrorContext, options: RosterkitErrorOptions = {}) {
    super(message, 'ROSTERKIT_RESPONSE_TOO_LARGE', context, options)
  }
}
/** A URL taken from a response points to another origin; it was not followed and no credentials were sent. */
export class CrossOriginError extends HttpError {
  constructor(message: string, context: HttpErrorContext, options: RosterkitErrorOptions = {}) {
    super(message, 'ROSTERKIT_CROSS_ORIGIN', context, options)
  }
}

/** The operation was cancelled through its `AbortSignal`. */
export class AbortedError extends RosterkitError {
  constructor(message = 'The operation was aborted', options: RosterkitErrorOptions = {}) {
    super(message, 'ROSTERKIT_ABORTED', options)
  }
}

/** What a pull had read when it broke off. */
export interface PullProgress {
  /** The collection or endpoint being read. */
  collection: string
  /** Pages read. */
  pages: number
  /** Items read. */
  items: number
  /** Items the server said it had, when it said. */
  expectedTotal?: number
}

/**
 * A pull stopped part-way. It carries what was read; the sync layer refuses to archive on it.
 * @typeParam T - the item type of the interrupted iteration
 */
export class IncompletePullError<T = unknown> extends RosterkitError {
  /** What was read before the pull broke off. */
  readonly progress: PullProgress
  /** The items that were read. Never serialised. */
  readonly partialItems: readonly T[]
  constructor(
    message: string,
    progress: PullProgress,
    partialItems: readonly T[] = [],
    options: RosterkitErrorOptions = {},
  ) {
    super(message, 'ROSTERKIT_INCOMPLETE_PULL', options)
    this.progress = progress
    Object.defineProperty(this, 'partialItems', { value: partialItems, enumerable: false })
    this.partialItems = partialItems
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), progress: this.progress }
  }
}

/** An incremental cursor (e.g. a Clever event id) is too old or unknown: run a full sync. */
export class FullResyncRequiredError extends RosterkitError {
  /** The cursor that could not be used. */
  readonly cursor: string | undefined
  constructor(message: string, cursor?: string, options: RosterkitErrorOptions = {}) {
    super(message, 'ROSTERKIT_FULL_RESYNC_REQUIRED', options)
    this.cursor = cursor
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), cursor: this.cursor }
  }
}

/** Where in a CSV bundle a problem is. */
export interface CsvLocation {
  /** File name inside the bundle. */
  file?: string
  /** 1-based line number. */
  line?: number
  /** Column (header name). */
  column?: string
}

/** A CSV bundle cannot be read: broken quoting, unreadable zip, missing required file. */
export class CsvFormatError extends RosterkitError {
  /** File name inside the bundle. */
  readonly file: string | undefined
  /** 1-based line number. */
  readonly line: number | undefined
  /** Column name. */
  readonly column: string | undefined
  constructor(
    message: string,
    location: CsvLocation = {},
    options: RosterkitErrorOptions = {},
    code: RosterkitErrorCode = 'ROSTERKIT_CSV_FORMAT',
  ) {
    super(message, code, options)
    this.file = location.file
    this.line = location.line
    this.column = location.column
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), file: this.file, line: this.line, column: this.column }
  }
}
/** The bundle is not OneRoster (e.g. Microsoft SDS or Clever CSV); `looksLike` names what it resembles. */
export class NotOneRosterError extends CsvFormatError {
  /** What the bundle looks like instead. */
  readonly looksLike: string | undefined
  constructor(message: string, looksLike?: string, options: RosterkitErrorOptions = {}) {
    super(message, {}, options, 'ROSTERKIT_NOT_ONEROSTER')
    this.looksLike = looksLike
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), looksLike: this.looksLike }
  }
}
/** A zip was refused: too large, too compressed (a zip bomb), too many entries, or a traversal path. */
export class ZipUnsafeError extends CsvFormatError {
  constructor(message: string, location: CsvLocation = {}, options: RosterkitErrorOptions = {}) {
    super(message, location, options, 'ROSTERKIT_ZIP_UNSAFE')
  }
}

/** Archiving was requested on data that cannot prove it is complete. */
export class UnsafeArchiveError extends RosterkitError {
  constructor(message: string, options: RosterkitErrorOptions = {}) {
    super(message, 'ROSTERKIT_UNSAFE_ARCHIVE', options)
  }
}
/** A reviewed preview no longer matches the host's data; run the test sync again. */
export class StalePreviewError extends RosterkitError {
  constructor(message: string, options: RosterkitErrorOptions = {}) {
    super(message, 'ROSTERKIT_STALE_PREVIEW', options)
  }
}
/** A sync cannot be applied: validation errors or a guard that needs a person's approval. */
export class SyncBlockedError extends RosterkitError {
  /** Why the sync is blocked, for people. */
  readonly reasons: readonly string[]
  constructor(message: string, reasons: readonly string[] = [], options: RosterkitErrorOptions = {}) {
    super(message, 'ROSTERKIT_SYNC_BLOCKED', options)
    this.reasons = reasons
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reasons: this.reasons }
  }
}

/** True for any {@link HttpError} (API, connection, timeout, shape, size, cross-origin). */
export const isHttpError: (value: unknown) => value is HttpError = createErrorGuard<HttpError>(
  'ROSTERKIT_API',
  'ROSTERKIT_AUTHENTICATION',
  'ROSTERKIT_PERMISSION_DENIED',
  'ROSTERKIT_NOT_FOUND',
  'ROSTERKIT_RATE_LIMITED',
  'ROSTERKIT_SERVER',
  'ROSTERKIT_CONNECTION',
  'ROSTERKIT_TIMEOUT',
  'ROSTERKIT_RESPONSE_SHAPE',
  'ROSTERKIT_RESPONSE_TOO_LARGE',
  'ROSTERKIT_CROSS_ORIGIN',
)
/** True for any {@link ApiError} (the server answered with an error status). */
export const isApiError: (value: unknown) => value is ApiError = createErrorGuard<ApiError>(
  'ROSTERKIT_API',
  'ROSTERKIT_AUTHENTICATION',
  'ROSTERKIT_PERMISSION_DENIED',
  'ROSTERKIT_NOT_FOUND',
  'ROSTERKIT_RATE_LIMITED',
  'ROSTERKIT_SERVER',
)
/** True for an {@link AuthenticationError}. */
export const isAuthenticationError: (value: unknown) => value is AuthenticationError =
  createErrorGuard<AuthenticationError>('ROSTERKIT_AUTHENTICATION')
/** True for a {@link PermissionDeniedError}. */
export const isPermissionDeniedError: (value: unknown) => value is PermissionDeniedError =
  createErrorGuard<PermissionDeniedError>('ROSTERKIT_PERMISSION_DENIED')
/** True for a {@link NotFoundError}. */
export const isNotFoundError: (value: unknown) => value is NotFoundError =
  createErrorGuard<NotFoundError>('ROSTERKIT_NOT_FOUND')
/** True for a {@link RateLimitError}. */
export const isRateLimitError: (value: unknown) => value is RateLimitError =
  createErrorGuard<RateLimitError>('ROSTERKIT_RATE_LIMITED')
/** True for a {@link ServerError}. */
export const isServerError: (value: unknown) => value is ServerError = createErrorGuard<ServerError>('ROSTERKIT_SERVER')
/** True for a {@link ConnectionError}. */
export const isConnectionError: (value: unknown) => value is ConnectionError =
  createErrorGuard<ConnectionError>('ROSTERKIT_CONNECTION')
/** True for a {@link TimeoutError}. */
export const isTimeoutError: (value: unknown) => value is TimeoutError =
  createErrorGuard<TimeoutError>('ROSTERKIT_TIMEOUT')
/** True for a {@link ResponseShapeError}. */
export const isResponseShapeError: (value: unknown) => value is ResponseShapeError =
  createErrorGuard<ResponseShapeError>('ROSTERKIT_RESPONSE_SHAPE')
/** True for a {@link CrossOriginError}. */
export const isCrossOriginError: (value: unknown) => value is CrossOriginError =
  createErrorGuard<CrossOriginError>('ROSTERKIT_CROSS_ORIGIN')
/** True for an {@link AbortedError}. */
export const isAbortedError: (value: unknown) => value is AbortedError =
  createErrorGuard<AbortedError>('ROSTERKIT_ABORTED')
/** True for an {@link IncompletePullError}. */
export const isIncompletePullError: (value: unknown) => value is IncompletePullError =
  createErrorGuard<IncompletePullError>('ROSTERKIT_INCOMPLETE_PULL')
/** True for a {@link FullResyncRequiredError}. */
export const isFullResyncRequiredError: (value: unknown) => value is FullResyncRequiredError =
  createErrorGuard<FullResyncRequiredError>('ROSTERKIT_FULL_RESYNC_REQUIRED')
/** True for a {@link CsvFormatError} (including {@link NotOneRosterError} and {@link ZipUnsafeError}). */
export const isCsvFormatError: (value: unknown) => value is CsvFormatError = createErrorGuard<CsvFormatError>(
  'ROSTERKIT_CSV_FORMAT',
  'ROSTERKIT_NOT_ONEROSTER',
  'ROSTERKIT_ZIP_UNSAFE',
)
/** True for a {@link NotOneRosterError}. */
export const isNotOneRosterError: (value: unknown) => value is NotOneRosterError =
  createErrorGuard<NotOneRosterError>('ROSTERKIT_NOT_ONEROSTER')
/** True for a {@link ZipUnsafeError}. */
export const isZipUnsafeError: (value: unknown) => value is ZipUnsafeError =
  createErrorGuard<ZipUnsafeError>('ROSTERKIT_ZIP_UNSAFE')
/** True for an {@link UnsafeArchiveError}. */
export const isUnsafeArchiveError: (value: unknown) => value is UnsafeArchiveError =
  createErrorGuard<UnsafeArchiveError>('ROSTERKIT_UNSAFE_ARCHIVE')
/** True for a {@link StalePreviewError}. */
export const isStalePreviewError: (value: unknown) => value is StalePreviewError =
  createErrorGuard<StalePreviewError>('ROSTERKIT_STALE_PREVIEW')
/** True for a {@link SyncBlockedError}. */
export const isSyncBlockedError: (value: unknown) => value is SyncBlockedError =
  createErrorGuard<SyncBlockedError>('ROSTERKIT_SYNC_BLOCKED')
