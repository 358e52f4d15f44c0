import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isConfigurationError } from '../../src/errors.js'
import { createSftpCsvSource, isSftpDropError, sha256Fingerprint } from '../../src/node/index.js'
import { formatDropCursor, parseDropCursor } from '../../src/node/sftp/drop-cursor.js'
import { checkListedName, globToRegExp } from '../../src/node/sftp/drop-folder.js'
import { parseHostKeyPins } from '../../src/node/sftp/host-key.js'
import { readZipEnd, ZIP_END_SEARCH_BYTES } from '../../src/node/sftp/zip-end.js'
import { writeOneRosterCsv } from '../../src/providers/csv/index.js'
import { generateDistrict } from '../../src/testing/index.js'

/** The parts of the SFTP drop source that need no server: pins, zip ends, cursors, names, options. */

const FINGERPRINT = 'SHA256:1zyOsSiffl9WNQGhLEfBDY1QZ02w0jyNAO0jyKHc/S4'

describe('host key pins', () => {
  it('reads a fingerprint, an ssh-keygen -lf line and a public key line to the same fingerprint', () => {
    let keygen = true
    try {
      execFileSync('ssh-keygen', ['-?'], { stdio: 'ignore' })
    } catch (error) {
      keygen = (error as NodeJS.ErrnoException).code !== 'ENOENT'
    }
    expect(parseHostKeyPins(FINGERPRINT)).toEqual([FINGERPRINT])
    expect(parseHostKeyPins(`256 ${FINGERPRINT} root@sftp (ED25519)`)).toEqual([FINGERPRINT])
    if (!keygen) return
    const dir = mkdtempSync(join(tmpdir(), 'rosterkit-pin-'))
    try {
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'k')])
      const line = readFileSync(join(dir, 'k.pub'), 'utf8').trim()
      const printed = /SHA256:\S+/.exec(execFileSync('ssh-keygen', ['-lf', join(dir, 'k.pub')], { encoding: 'utf8' }))
      const blob = Buffer.from(line.split(' ')[1]!, 'base64')
      expect(parseHostKeyPins(line)).toEqual([printed?.[0]])
      expect(sha256Fingerprint(blob)).toBe(printed?.[0])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('is required, and refuses MD5 fingerprints and garbage', () => {
    expect(() => parseHostKeyPins(undefined)).toThrow(/hostKey is required/)
    expect(() => parseHostKeyPins([])).toThrow(/hostKey is required/)
    expect(() => parseHostKeyPins('MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48')).toThrow(/MD5/)
    expect(() => parseHostKeyPins('yes')).toThrow(/neither/)
  })
})

describe('zip ends', () => {
  const zip = writeOneRosterCsv(generateDistrict({ students: 20, seed: 3 })).zip
  const tail = (bytes: Uint8Array) => bytes.subarray(Math.max(0, bytes.length - ZIP_END_SEARCH_BYTES))

  it('finds the central directory of a whole zip', () => {
    const end = readZipEnd(tail(zip), zip.length)
    expect(end).toMatchObject({ ok: true })
    expect(end.ok && end.entries).toBeGreaterThan(3)
  })

  it('tells a zip cut off at any point from a whole one', () => {
    for (const share of [0.1, 0.5, 0.9, 0.999]) {
      const cut = zip.subarray(0, Math.floor(zip.length * share))
      expect(readZipEnd(tail(cut), cut.length).ok).toBe(false)
    }
    const noLastByte = zip.subarray(0, zip.length - 1)
    expect(readZipEnd(tail(noLastByte), noLastByte.length).ok).toBe(false)
  })
})

describe('drop cursors', () => {
  it('round-trips, names with spaces included, and refuses other sources’ cursors', () => {
    const cursor = {
      name: 'Roster Export 2026-03-02.zip',
      modifiedAt: '2026-03-02T02:00:00.000Z',
      listing: '0123456789abcdef',
      sha256: 'a'.repeat(64),
    }
    expect(parseDropCursor(formatDropCursor(cursor))).toEqual(cursor)
    expect(parseDropCursor('2026-03-01T00:00:00Z')).toBeUndefined()
    expect(parseDropCursor('sftp-drop/1 x y z n')).toBeUndefined()
  })
})

describe('listed names and patterns', () => {
  it('refuses names that climb out of the drop folder', () => {
    for (const name of ['../etc/passwd', 'a/b.zip', '..\\x.zip', '...', 'nul\0.zip']) {
      const error = (() => {
        try {
          checkListedName(name, '/drop')
        } catch (e) {
          return e
        }
      })()
      expect(isSftpDropError(error) && error.reason).toBe('unsafe-name')
    }
    expect(() => checkListedName('roster 2026.zip', '/drop')).not.toThrow()
  })

  it('matches globs whole and case-insensitively', () => {
    const re = globToRegExp('roster-*.zip')
    expect(re.test('roster-2026-03-02.zip')).toBe(true)
    expect(re.test('ROSTER-1.ZIP')).toBe(true)
    expect(re.test('old-roster-1.zip')).toBe(false)
    expect(re.test('roster-1.zip.part')).toBe(false)
  })
})

describe('options', () => {
  it('requires a host key pin and a credential, and never quotes a secret', () => {
    const secret = 'hunter2-sftp-secret'
    const error = (() => {
      try {
        createSftpCsvSource({ host: 'sftp.example', username: 'u', password: secret, path: '/drop' } as never)
      } catch (e) {
        return e
      }
    })()
    expect(isConfigurationError(error)).toBe(true)
    expect(String(error)).toMatch(/hostKey/)
    expect(JSON.stringify(error)).not.toContain(secret)
    expect(() => createSftpCsvSource({ host: 'h', username: 'u', hostKey: FINGERPRINT, path: '/drop' })).toThrow(
      /privateKey or password/,
    )
    expect(() =>
      createSftpCsvSource({
        host: 'h',
        username: 'u',
        password: secret,
        hostKey: FINGERPRINT,
        path: '/drop',
        archiveFolder: '../elsewhere',
      }),
    ).toThrow(/archiveFolder/)
  })

  it('keeps secrets out of everything the source exposes', () => {
    const secret = 'hunter2-sftp-secret'
    const source = createSftpCsvSource({
      host: 'sftp.example',
      username: 'u',
      password: secret,
      hostKey: FINGERPRINT,
      path: '/drop',
    })
    expect(JSON.stringify(source)).not.toContain(secret)
    expect(source.label).toBe('sftp://sftp.example/drop')
    expect(source.supportsIncremental).toBe(true)
  })
})
