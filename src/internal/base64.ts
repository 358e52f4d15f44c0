/**
 * Base64 of bytes or UTF-8 text without Node's Buffer, so it runs in every runtime.
 *
 * @module
 */

/**
 * Standard base64 of bytes.
 * @param bytes - the bytes
 */
export function base64FromBytes(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

/**
 * Standard base64 of a string's UTF-8 bytes.
 * @param text - the text
 */
export function base64FromText(text: string): string {
  return base64FromBytes(new TextEncoder().encode(text))
}
