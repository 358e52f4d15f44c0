import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../examples/sftp-nightly.js'
import { writeOneRosterCsv } from '../../src/providers/csv/index.js'
import { generateDistrict } from '../../src/testing/index.js'
import { requireSshd, startSshd, type TestSshd } from '../helpers/sshd.js'

/** examples/sftp-nightly.ts against OpenSSH's sshd on loopback. */

const run = requireSshd()
let sshd: TestSshd

beforeAll(async () => {
  if (run) sshd = await startSshd()
})
afterAll(async () => {
  await sshd?.stop()
})

describe.runIf(run)('examples/sftp-nightly.ts', () => {
  it('imports the drop on the first night, archives it, and finds no new drop on the second', async () => {
    const dir = join(sshd.dropDir, 'example')
    mkdirSync(dir)
    const zip = join(dir, 'roster-2026-03-02.zip')
    writeFileSync(zip, writeOneRosterCsv(generateDistrict({ students: 40, seed: 41 })).zip)
    const t = Math.floor(Date.now() / 1000) - 600
    utimesSync(zip, t, t)

    const [first, second] = await main({
      host: sshd.host,
      port: sshd.port,
      username: sshd.username,
      privateKey: sshd.privateKey,
      hostKey: sshd.hostFingerprint,
      path: dir,
      settleMs: 200,
    })

    expect(first?.result.outcome).toBe('applied')
    expect(first?.drop).toBe('read roster-2026-03-02.zip')
    expect(first?.archived?.moved).toHaveLength(1)
    expect(existsSync(zip)).toBe(false)
    expect(second?.result.outcome).toBe('applied')
    expect(second?.drop).toBe('no new drop')
    expect(second?.result.report.toText()).toMatch(/nothing new since the last sync/)
  })
})
