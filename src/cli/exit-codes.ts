import { isAbortedError, isConfigurationError, isCsvFormatError, isHttpError, isRosterkitError } from '../errors.js'

/**
 * Exit codes of the `rosterkit` command and how errors map to them.
 *
 * @module
 */

/** What each exit code means; documented in `rosterkit --help` and docs/cli.md. */
export const EXIT = {
  /** Everything worked and nothing needs attention. */
  ok: 0,
  /** The command ran but found a problem: validation errors, a blocked or held sync, an incomplete pull. */
  problems: 1,
  /** Bad command line: unknown command or option, missing credentials. */
  usage: 2,
  /** The source could not be reached or refused the credentials. */
  connection: 3,
  /** An input file could not be read (a broken CSV bundle, an unreadable JSON file). */
  input: 4,
  /** Cancelled (Ctrl-C). */
  cancelled: 130,
} as const

/** The exit-code table shown by `--help`. */
export const EXIT_CODES_HELP = `exit codes:
  0    ok
  1    problems found: validation errors, a blocked or held sync, an incomplete pull
  2    usage: unknown command or option, missing credentials
  3    connection or authentication failure
  4    an input file cannot be read
  130  cancelled`

/** A bad command line; printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/**
 * The exit code for an error a command threw.
 * @param error - what was thrown
 */
export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError || error instanceof TypeError || isConfigurationError(error)) return EXIT.usage
  if (isAbortedError(error)) return EXIT.cancelled
  if (isHttpError(error)) return EXIT.connection
  if (isCsvFormatError(error)) return EXIT.input
  if (isRosterkitError(error)) return EXIT.problems
  if (error instanceof SyntaxError || (error as { code?: unknown })?.code === 'ENOENT') return EXIT.input
  return EXIT.problems
}

/**
 * A one-paragraph explanation of an error for a person: message, and the hint when there is one.
 * @param error - what was thrown
 */
export function describeError(error: unknown): string {
  if (isRosterkitError(error)) {
    const json = error.toJSON()
    const hint = typeof json.hint === 'string' ? `\n  hint: ${json.hint}` : ''
    const issues = Array.isArray(json.issues)
      ? (json.issues as Array<{ path?: unknown; message?: unknown }>)
          .slice(0, 5)
          .map((i) => `\n  - ${Array.isArray(i.path) ? i.path.join('.') : ''}: ${String(i.message)}`)
          .join('')
      : ''
    return `${error.code}: ${error.message}${hint}${issues}`
  }
  return error instanceof Error ? error.message : String(error)
}
