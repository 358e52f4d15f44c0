import { appendFileSync, existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRosterSync, type MergePolicyInput, type Roster } from '../../src/index.js'
import {
  createSftpCsvSource,
  isHostKeyMismatchError,
  isSftpConnectionError,
  isSftpDropError,
  type SftpCsvSourceOptions,
} from '../../src/node/index.js'
import { writeOneRosterCsv } from '../../src/providers/csv/index.js'
import { evolveDistrict, generateDistrict, MemoryRosterStore } from '../../src/testing/index.js'
import { requireSshd, startSshd, type TestSshd } from '../helpers/sshd.js'

/**
 * The SFTP drop source against OpenSSH's sshd on loopback: real SSH handshakes, host keys, logins
 * and SFTP reads of drops the tests put in the served folder.
 */

const run = requireSshd()
const POLICY: MergePolicyInput = {
  namespace: 'sftp:district',
  schools: { unmatched: 'create' },
  roles: { student: { existing: 'autoUpdate', archive: true } },
}
const DAY_S = 86_400
const PASSWORD = 'Pa55-do-not-print-91c2'

let sshd: TestSshd
let folders = 0

beforeAll(async () => {
  if (run) sshd = await startSshd()
})
afterAll(async () => {
  await sshd?.stop()
})

/** A fresh drop folder for one test. */
function dropFolder(): string {
  const dir = join(sshd.dropDir, `case-${++folders}`)
  mkdirSync(dir)
  return dir
}

function zipOf(roster: Roster): Uint8Array {
  return writeOneRosterCsv(roster, { version: '1.1' }).zip
}

/** Writes a drop and sets its time, in seconds since the epoch. */
function drop(dir: string, name: string, bytes: Uint8Array, time: number): string {
  const path = join(dir, name)
  writeFileSync(path, bytes)
  utimesSync(path, time, time)
  return path
}

function source(path: string, extra: Partial<SftpCsvSourceOptions> = {}) {
  return createSftpCsvSource({
    host: sshd.host,
    port: sshd.port,
    username: sshd.username,
    privateKey: sshd.privateKey,
    hostKey: sshd.hostFingerprint,
    path,
    settleMs: 300,
    ...extra,
  })
}

const now = () => Math.floor(Date.now() / 1000)

describe.runIf(run)('SFTP drops from a real sshd', () => {
  it('reads the newest drop end to end into a sync, then archives it once applied', async () => {
    const dir = dropFolder()
    const day1 = generateDistrict({ students: 60, seed: 21 })
    const day2 = evolveDistrict(day1, { withdrawals: 1, newStudents: 2, deletions: 'absent' })
    drop(dir, 'roster-2026-03-01.zip', zipOf(day1), now() - 2 * DAY_S)
    drop(dir, 'roster-2026-03-02.zip', zipOf(day2.roster), now() - DAY_S)
    writeFileSync(join(dir, 'notes.txt'), 'not a drop')
    const sftp = source(dir, { pattern: 'roster-*.zip' })
    const store = new MemoryRosterStore()
    const sync = createRosterSync({ source: sftp, store, policy: POLICY })

    const result = await sync.run()

    expect(result.outcome).toBe('applied')
    expect(sftp.lastDrop).toMatchObject({ outcome: 'read', name: 'roster-2026-03-02.zip', kind: 'zip' })
    expect(sftp.lastDrop?.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(result.report.data.source.label).toMatch(/\/roster-2026-03-02\.zip$/)
    expect(store.records('users')).toHaveLength(day2.roster.users.length)
    expect(result.state.cursor).toContain('roster-2026-03-02.zip')

    const archived = await sftp.archiveImported(result.state.cursor)
    expect(archived.moved).toHaveLength(1)
    expect(existsSync(join(dir, 'roster-2026-03-02.zip'))).toBe(false)
    expect(readdirSync(join(dir, 'archive'))).toEqual([expect.stringMatching(/-roster-2026-03-02\.zip$/)])
    // The older drop stays: it was never imported.
    expect(existsSync(join(dir, 'roster-2026-03-01.zip'))).toBe(true)
  })

  it('never imports the same drop twice: the next run says there is no new drop and changes nothing', async () => {
    const dir = dropFolder()
    const bytes = zipOf(generateDistrict({ students: 40, seed: 22 }))
    drop(dir, 'roster.zip', bytes, now() - 3600)
    const sftp = source(dir)
    const store = new MemoryRosterStore()
    const sync = createRosterSync({ source: sftp, store, policy: POLICY })
    const first = await sync.run()
    expect(first.outcome).toBe('applied')
    const written = { ...store.calls }

    const second = await sync.run()

    expect(second.outcome).toBe('applied')
    expect(sftp.lastDrop?.outcome).toBe('no-new-drop')
    expect(second.report.data.source.label).toMatch(/no new drop/)
    expect(second.report.data.notes.join('\n')).toMatch(/nothing new since the last sync/)
    expect(store.calls).toEqual(written)
    expect(second.state.cursor).toBe(first.state.cursor)

    // The same bytes uploaded again under another name are the same drop.
    drop(dir, 'roster-again.zip', bytes, now() - 60)
    const third = await sync.run()
    expect(sftp.lastDrop).toMatchObject({ outcome: 'no-new-drop', name: 'roster-again.zip' })
    expect(store.calls).toEqual(written)
    expect(third.report.data.plan?.total).toMatchObject({ create: 0, update: 0, archive: 0 })
  })

  it('refuses a drop older than the last imported one', async () => {
    const dir = dropFolder()
    const newer = generateDistrict({ students: 30, seed: 23 })
    drop(dir, 'roster-new.zip', zipOf(newer), now() - DAY_S)
    const sftp = source(dir)
    const store = new MemoryRosterStore()
    const sync = createRosterSync({ source: sftp, store, policy: POLICY })
    const first = await sync.run()
    expect(first.outcome).toBe('applied')
    await sftp.archiveImported(first.state.cursor)
    drop(dir, 'roster-old.zip', zipOf(generateDistrict({ students: 30, seed: 99 })), now() - 5 * DAY_S)
    const written = { ...store.calls }

    const second = await sync.run()

    expect(second.outcome).toBe('failed')
    expect(isSftpDropError(second.error) && second.error.reason).toBe('older-drop')
    expect(store.calls).toEqual(written)
    expect(second.state.cursor).toBe(first.state.cursor)
  })

  it('leaves an upload in progress alone: a growing file and a .part file are not read', async () => {
    const dir = dropFolder()
    const old = generateDistrict({ students: 30, seed: 24 })
    drop(dir, 'roster-1.zip', zipOf(old), now() - DAY_S)
    const growing = zipOf(generateDistrict({ students: 80, seed: 25 }))
    writeFileSync(join(dir, 'roster-2.zip'), growing.subarray(0, 1024))
    writeFileSync(join(dir, 'roster-3.zip.part'), growing.subarray(0, 2048))
    let offset = 1024
    // A slow writer: 512 bytes every 40 ms, as a district's upload over a thin line.
    const writer = setInterval(() => {
      if (offset >= growing.length) return
      appendFileSync(join(dir, 'roster-2.zip'), growing.subarray(offset, offset + 512))
      offset += 512
    }, 40)
    try {
      const sftp = source(dir)
      const roster = await sftp.pull()
      expect(sftp.lastDrop?.name).toBe('roster-1.zip')
      expect(sftp.lastDrop?.inProgress).toEqual(expect.arrayContaining(['roster-2.zip', 'roster-3.zip.part']))
      expect(roster.users).toHaveLength(old.users.length)
    } finally {
      clearInterval(writer)
    }
  })

  it('refuses a zip cut off mid-upload (no central directory): nothing is written or archived', async () => {
    const dir = dropFolder()
    const whole = zipOf(generateDistrict({ students: 40, seed: 26 }))
    drop(dir, 'roster.zip', whole.subarray(0, Math.floor(whole.length * 0.7)), now() - 600)
    const sftp = source(dir)
    const store = new MemoryRosterStore()
    const sync = createRosterSync({ source: sftp, store, policy: POLICY })

    const result = await sync.run()

    expect(result.outcome).toBe('failed')
    expect(isSftpDropError(result.error) && result.error.reason).toBe('incomplete-drop')
    expect(store.calls).toEqual({ create: 0, update: 0, archive: 0 })
    expect(result.state.cursor).toBeUndefined()
    expect((await sftp.archiveImported(result.state.cursor)).moved).toEqual([])
    expect(existsSync(join(dir, 'roster.zip'))).toBe(true)
  })

  it('reads a folder of CSV files, in a sub-folder or lying in the drop folder itself', async () => {
    const roster = generateDistrict({ students: 30, seed: 27 })
    const files = writeOneRosterCsv(roster, { version: '1.1' }).files
    const dir = dropFolder()
    mkdirSync(join(dir, 'export-2026-03-02'))
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'export-2026-03-02', name), text)
    const sub = source(dir)
    expect((await sub.pull()).users).toHaveLength(roster.users.length)
    expect(sub.lastDrop).toMatchObject({ outcome: 'read', kind: 'folder', name: 'export-2026-03-02' })

    const loose = dropFolder()
    for (const [name, text] of Object.entries(files)) writeFileSync(join(loose, name), text)
    const flat = source(loose)
    const pulled = await flat.pull()
    expect(pulled.users).toHaveLength(roster.users.length)
    expect(flat.lastDrop).toMatchObject({ outcome: 'read', kind: 'folder', name: '.' })
    const archived = await flat.archiveImported(pulled.cursor)
    expect(archived.moved.length).toBe(Object.keys(files).length)
    expect(readdirSync(loose)).toEqual(['archive'])
  })

  it('refuses a server whose host key is not the pinned one, before logging in', async () => {
    const dir = dropFolder()
    const sftp = source(dir, { hostKey: sshd.otherFingerprint, password: PASSWORD, privateKey: undefined })
    const error = await sftp.pull().catch((e: unknown) => e)
    expect(isHostKeyMismatchError(error)).toBe(true)
    expect(JSON.stringify(error)).toContain(sshd.hostFingerprint)
    const diagnosis = await sftp.testConnection()
    expect(diagnosis.ok).toBe(false)
    expect(diagnosis.checks.find((c) => c.status === 'fail')?.id).toBe('host-key')
    expect(JSON.stringify(diagnosis)).not.toContain(PASSWORD)
    // The public key line pins as well as its fingerprint.
    drop(dir, 'r.zip', zipOf(generateDistrict({ students: 10, seed: 28 })), now() - 60)
    expect((await source(dir, { hostKey: sshd.hostPublicKey }).testConnection()).ok).toBe(true)
  })

  it('reports a wrong key and a wrong password as refused logins, without the secret', async () => {
    const dir = dropFolder()
    const wrongKey = source(dir, { privateKey: sshd.otherPrivateKey })
    const keyError = await wrongKey.pull().catch((e: unknown) => e)
    expect(isSftpConnectionError(keyError) && keyError.reason).toBe('auth')
    expect(JSON.stringify(keyError)).not.toContain('PRIVATE KEY')

    const wrongPassword = source(dir, { privateKey: undefined, password: PASSWORD })
    const passwordError = await wrongPassword.pull().catch((e: unknown) => e)
    expect(isSftpConnectionError(passwordError) && passwordError.reason).toBe('auth')
    const diagnosis = await wrongPassword.testConnection()
    expect(diagnosis.checks.map((c) => [c.id, c.status])).toEqual([
      ['connect', 'pass'],
      ['host-key', 'pass'],
      ['auth', 'fail'],
      ['folder', 'skip'],
      ['drop', 'skip'],
      ['freshness', 'skip'],
      ['bundle', 'skip'],
    ])
    const everything = JSON.stringify([passwordError, String(passwordError), diagnosis, keyError, String(keyError)])
    expect(everything).not.toContain(PASSWORD)
    expect(everything).not.toContain(sshd.otherPrivateKey.split('\n')[1])
  })

  it('diagnoses a missing folder, no drop yet, and a stale drop, each with a hint', async () => {
    const missing = await source(join(sshd.dropDir, 'no-such-folder')).testConnection()
    expect(missing.checks.find((c) => c.status === 'fail')).toMatchObject({ id: 'folder', hint: expect.any(String) })
    const pullMissing = await source(join(sshd.dropDir, 'no-such-folder'))
      .pull()
      .catch((e: unknown) => e)
    expect(isSftpDropError(pullMissing) && pullMissing.reason).toBe('folder-missing')

    const empty = dropFolder()
    const none = await source(empty).testConnection()
    expect(none.checks.find((c) => c.status === 'fail')).toMatchObject({ id: 'drop', hint: expect.any(String) })
    const pullNone = await source(empty)
      .pull()
      .catch((e: unknown) => e)
    expect(isSftpDropError(pullNone) && pullNone.reason).toBe('no-drop')

    const stale = dropFolder()
    drop(stale, 'roster.zip', zipOf(generateDistrict({ students: 10, seed: 29 })), now() - 9 * DAY_S)
    const old = await source(stale, { staleAfterDays: 2 }).testConnection()
    expect(old.ok).toBe(true)
    expect(old.checks.find((c) => c.id === 'freshness')).toMatchObject({ status: 'warn', hint: expect.any(String) })
  })

  it('diagnoses a name that does not resolve and a port that refuses', async () => {
    const dns = await source(sshd.dropDir, { host: 'no-such-host.invalid' }).testConnection()
    expect(dns.checks[0]).toMatchObject({ id: 'connect', status: 'fail', details: { reason: 'dns' } })
    const closed = await source(sshd.dropDir, { port: 1 }).testConnection()
    expect(closed.checks[0]).toMatchObject({ id: 'connect', status: 'fail', details: { reason: 'refused' } })
    expect(closed.checks[0]?.hint).toMatch(/port/)
  })
})
