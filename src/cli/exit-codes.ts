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

/** A bad command line; printed with a pointer to the command's help, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** A file named on the command line that cannot be read; exit code 4. */
export class InputFileError extends Error {
  override name = 'InputFileError'
}

// What a person should read for the file-system errors a command meets, instead of `ENOENT … stat`.
const FILE_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'a part of the path is not a folder',
}

/**
 * The file-system error of a Node call, said for people (`/x.zip: no such file or folder`), or
 * undefined for any other error.
 * @param error - what was thrown
 */
export function describeFileError(error: unknown): string | undefined {
  const { code, path } = (error ?? {}) as { code?: unknown; path?: unknown }
  if (typeof code !== 'string' || !(code in FILE_ERRORS)) return undefined
  return typeof path === 'string' ? `${path}: ${FILE_ERRORS[code]}` : (FILE_ERRORS[code] as string)
}

// Hints written for the library name its options; on the command line the same advice names flags.
const CLI_TERMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bset allowInsecureLoopback\b/g, 'add --allow-insecure-loopback'],
  [/\ballowInsecureLoopback\b/g, '--allow-insecure-loopback'],
  [/\b(?:validateOneRosterCsv|validateRoster)\b/g, 'rosterkit validate'],
  [/\bbaseUrl\b/g, '--url'],
  [/\btokenUrl\b/g, '--token-url'],
  [/\bclientId\b/g, '--client-id'],
  [/\bclientSecret\b/g, '--client-secret'],
]

/**
 * Rewrites a message or hint from the library's terms into the command line's.
 * @param text - a message or hint
 */
export function inCliTerms(text: string): string {
  let out = text
  for (const [pattern, words] of CLI_TERMS) out = out.replace(pattern, words)
  return out
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
  if (error instanceof InputFileError || error instanceof SyntaxError || describeFileError(error) !== undefined) {
    return EXIT.input
  }
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
    // Issues that only restate the message are left out.
    const issues = Array.isArray(json.issues)
      ? (json.issues as Array<{ path?: unknown; message?: unknown }>)
          .filter((i) => !error.message.includes(String(i.message)))
          .slice(0, 5)
          .map((i) => `\n  - ${Array.isArray(i.path) ? i.path.join('.') : ''}: ${String(i.message)}`)
          .join('')
      : ''
    return inCliTerms(`${error.code}: ${error.message}${hint}${issues}`)
  }
  const file = describeFileError(error)
  if (file !== undefined) return `cannot read ${file}`
  if (error instanceof TypeError && (error as { code?: unknown }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    // Node adds advice on positionals that start with "-", which no rosterkit command takes.
    return error.message.replace(/\. To specify a positional argument.*$/s, '')
  }
  return error instanceof Error ? error.message : String(error)
}
