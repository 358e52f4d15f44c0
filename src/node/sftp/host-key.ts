import { createHash } from 'node:crypto'
import { ConfigurationError } from '../../errors.js'

/**
 * Host key pinning: the server's key must match a pin the district gave, before any credential is
 * sent. A pin is a SHA256 fingerprint as `ssh-keygen -lf` prints it, or the public key itself.
 *
 * @module
 */

/**
 * The SHA256 fingerprint of a public key blob, in OpenSSH's notation (`SHA256:` + unpadded base64).
 * @param blob - the key in SSH wire format (what a server presents, or the base64 part of a `.pub` line)
 */
export function sha256Fingerprint(blob: Uint8Array): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`
}

const KEY_TYPES =
  /^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)$/

/**
 * Turns the pins a user configured into SHA256 fingerprints.
 * @param pins - `SHA256:…` fingerprints, `ssh-keygen -lf` lines, or public key lines (`ssh-ed25519 AAAA…`)
 * @throws {ConfigurationError} when no pin is given or one cannot be read (MD5 fingerprints are refused)
 */
export function parseHostKeyPins(pins: string | readonly string[] | undefined): string[] {
  const list = (typeof pins === 'string' ? [pins] : [...(pins ?? [])]).map((p) => p.trim()).filter((p) => p !== '')
  if (list.length === 0) {
    throw new ConfigurationError(
      'hostKey is required: pin the SFTP server key (its SHA256 fingerprint from `ssh-keygen -lf`, or the public key)',
      [{ path: ['hostKey'], message: 'required' }],
    )
  }
  return list.map((pin, i) => {
    const fingerprint = /SHA256:([A-Za-z0-9+/]{43})=?(?:\s|$)/.exec(pin)
    if (fingerprint) return `SHA256:${fingerprint[1]}`
    const parts = pin.split(/\s+/)
    const typeAt = parts.findIndex((p) => KEY_TYPES.test(p))
    const base64 = typeAt >= 0 ? parts[typeAt + 1] : undefined
    if (base64 !== undefined && /^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
      return sha256Fingerprint(Buffer.from(base64, 'base64'))
    }
    const md5 = /^(MD5:)?([0-9a-f]{2}:){15}[0-9a-f]{2}$/i.test(pin)
    throw new ConfigurationError(
      md5
        ? 'hostKey is an MD5 fingerprint, which is too weak to pin; give the SHA256 one (`ssh-keygen -lf -E sha256`)'
        : 'hostKey is neither a SHA256 fingerprint nor a public key line',
      [{ path: ['hostKey', i], message: 'unreadable host key pin' }],
    )
  })
}
