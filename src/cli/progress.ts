import type { PullProgressEvent } from '../model/index.js'
import type { CliIo } from './io.js'

/**
 * Pull progress on standard error, only when it is a terminal (a log file or a pipe gets none).
 *
 * @module
 */

/**
 * A progress listener that rewrites one status line on a terminal, or nothing when stderr is not one.
 * @param io - the command's io
 */
export function createProgressPrinter(io: CliIo): ((event: PullProgressEvent) => void) | undefined {
  if (!io.errIsTTY) return undefined
  return (event) => {
    const total = event.total === undefined ? '' : ` of ${event.total}`
    const wait = event.waitMs === undefined ? '' : `, waiting ${Math.round(event.waitMs)} ms (${event.type})`
    const line = `${event.collection}: ${event.records}${total} records, ${event.pages} pages${wait}`
    io.err(`\r\u001b[2K${line}${event.type === 'collection-done' ? '\n' : ''}`)
  }
}
