import type { z } from 'zod'
import { ConfigurationError, type ErrorIssue } from '../errors.js'
import { closestMatch } from './closest-match.js'

/**
 * One way to parse a configuration object (district parameters, a merge policy) against its strict
 * zod schema: every problem becomes an issue of a {@link ConfigurationError}, and a key the schema
 * does not know is named with its path and the closest known key, so a typo never runs silently on
 * defaults.
 *
 * @module
 */

/** The keys a strict object or an enum-keyed record accepts, read from the schema zod reports. */
function acceptedKeys(schema: unknown): readonly string[] {
  if (typeof schema !== 'object' || schema === null) return []
  const shape = (schema as { shape?: unknown }).shape
  if (typeof shape === 'object' && shape !== null) return Object.keys(shape)
  const options = (schema as { keyType?: { options?: unknown } }).keyType?.options
  return Array.isArray(options) ? options.filter((o): o is string => typeof o === 'string') : []
}

const pathKey = (path: readonly PropertyKey[]): string => JSON.stringify(path.map(String))

function where(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '' : ` in ${path.map(String).join('.')}`
}

/**
 * Parses `input` with `schema`.
 * @param schema - a schema whose objects are strict (`z.strictObject`)
 * @param input - what the caller gave
 * @param what - what the input is, for the error message, e.g. `merge policy`
 * @returns the parsed value
 * @throws {ConfigurationError} listing every problem; an unknown key's issue has code
 *   `unrecognized_keys`, the key's full path, and `suggestion` when a known key is close
 */
export function parseConfiguration<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const known = new Map<string, readonly string[]>()
  const result = schema.safeParse(input, {
    error(issue) {
      // The schema itself is only at hand while zod builds the issue: note which keys it accepts.
      if (issue.code === 'unrecognized_keys') known.set(pathKey(issue.path ?? []), acceptedKeys(issue.inst))
      return undefined
    },
  })
  if (result.success) return result.data
  const issues: ErrorIssue[] = []
  for (const issue of result.error.issues) {
    if (issue.code !== 'unrecognized_keys') {
      issues.push({ path: issue.path, message: issue.message, code: issue.code })
      continue
    }
    const accepted = known.get(pathKey(issue.path)) ?? []
    for (const key of issue.keys) {
      const suggestion = closestMatch(key, accepted)
      const hint = suggestion === undefined ? '' : `; did you mean "${suggestion}"?`
      issues.push({
        path: [...issue.path, key],
        message: `Unknown key "${key}"${where(issue.path)}${hint}`,
        code: issue.code,
        ...(suggestion === undefined ? {} : { suggestion }),
      })
    }
  }
  const described = issues.map((i) =>
    i.code === 'unrecognized_keys' || i.path.length === 0 ? i.message : `${i.path.map(String).join('.')}: ${i.message}`,
  )
  throw new ConfigurationError(`Invalid ${what}: ${described.join('; ')}`, issues)
}
