/**
 * Tells a JSON body that was cut short (a proxy that gave up, a connection closed early without a
 * declared length) from one that is complete, without parsing it: a cut body is a transient fault
 * worth another attempt, a complete but malformed one is not.
 *
 * @module
 */

/**
 * True when `text` is empty or opens a JSON object or array that it does not close.
 * @param text - a response body that should hold a JSON object or array
 */
export function looksTruncated(text: string): boolean {
  let start = 0
  while (start < text.length && /\s/.test(text[start]!)) start++
  if (start === text.length) return true
  let end = text.length - 1
  while (end > start && /\s/.test(text[end]!)) end--
  const open = text[start]
  const close = text[end]
  return (open === '{' && close !== '}') || (open === '[' && close !== ']')
}
