import { type HttpErrorContext, ResponseTooLargeError } from '../errors.js'

/**
 * Reads a response body with a byte cap, so a runaway body fails cleanly instead of exhausting
 * memory.
 *
 * @module
 */

/**
 * The body's bytes, at most `maxBytes`.
 * @param response - the response to consume
 * @param maxBytes - the cap
 * @param context - redacted context for the error
 * @throws {ResponseTooLargeError} when the body is larger than the cap
 */
export async function readBodyCapped(
  response: Response,
  maxBytes: number,
  context: HttpErrorContext,
): Promise<Uint8Array> {
  const tooLarge = (): ResponseTooLargeError =>
    new ResponseTooLargeError(
      `${context.provider} ${context.method} ${context.url}: the response body is larger than ${maxBytes} bytes`,
      { ...context, hint: 'Ask for smaller pages (a lower limit), or raise maxResponseBytes.' },
    )
  const declared = Number(response.headers.get('content-length'))
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined)
    throw tooLarge()
  }
  if (response.body === null) return new Uint8Array(0)
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined)
      throw tooLarge()
    }
    chunks.push(value)
  }
  if (chunks.length === 1) return chunks[0]!
  const out = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}
