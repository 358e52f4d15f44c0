import { REDACTED } from '../internal/redact.js'

/**
 * Where a command writes, and what it knows of its environment, injected so commands run the same
 * from the terminal and from tests.
 *
 * @module
 */

/** A command's input and output. */
export interface CliIo {
  /** Writes to standard output (results, reports, `--json` documents). */
  out(text: string): void
  /** Writes to standard error (progress, warnings, errors). */
  err(text: string): void
  /** True when standard error is a terminal: only then is progress shown. */
  readonly errIsTTY: boolean
  /** Environment variables (credentials may come from here). */
  readonly env: Readonly<Record<string, string | undefined>>
  /** Values never to print (credentials); set by the command once it knows them. */
  readonly secrets: Set<string>
}

/**
 * Replaces every known secret in a text with `[REDACTED]`. rosterkit's own errors are already
 * redacted; this also covers a server that echoes a credential back in its error page.
 * @param text - what is about to be printed
 * @param secrets - values never to print
 */
export function scrub(text: string, secrets: ReadonlySet<string>): string {
  let out = text
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join(REDACTED)
  return out
}

/** The process's own standard streams and environment, with secrets scrubbed from every write. */
export function createProcessIo(): CliIo {
  const secrets = new Set<string>()
  return {
    out: (text) => process.stdout.write(scrub(text, secrets)),
    err: (text) => process.stderr.write(scrub(text, secrets)),
    errIsTTY: process.stderr.isTTY === true,
    env: process.env,
    secrets,
  }
}

/**
 * An in-memory io for tests and embedding: collects what a command writes.
 * @param options - environment and whether stderr counts as a terminal
 */
export function createBufferIo(
  options: { env?: Record<string, string | undefined>; errIsTTY?: boolean } = {},
): CliIo & { stdout(): string; stderr(): string } {
  const secrets = new Set<string>()
  let out = ''
  let err = ''
  return {
    out: (text) => {
      out += scrub(text, secrets)
    },
    err: (text) => {
      err += scrub(text, secrets)
    },
    errIsTTY: options.errIsTTY ?? false,
    env: options.env ?? {},
    secrets,
    stdout: () => out,
    stderr: () => err,
  }
}
