import { mkdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBufferIo } from '../../src/cli/io.js'
import { main } from '../../src/cli/main.js'
import { archiveSftpDropAfterSync, createSftpSourceFromFlags } from '../../src/cli/sftp-flags.js'
import { writeOneRosterCsvToPath } from '../../src/node/index.js'
import { writeOneRosterCsv } from '../../src/providers/csv/index.js'
import { generateDistrict } from '../../src/testing/index.js'
import { requireSshd, startSshd, type TestSshd } from '../helpers/sshd.js'

/** `--sftp` on the CLI commands, against OpenSSH's sshd on loopback. */

const run = requireSshd()
const PASSWORD = 'cli-sftp-password-55aa'
let sshd: TestSshd
let dir: string
let keyFile: string

beforeAll(async () => {
  if (!run) return
  sshd = await startSshd()
  dir = join(sshd.dropDir, 'cli')
  mkdirSync(dir)
  const zip = join(dir, 'roster-2026-03-02.zip')
  writeFileSync(zip, writeOneRosterCsv(generateDistrict({ students: 50, seed: 31 }), { version: '1.1' }).zip)
  const t = Math.floor(Date.now() / 1000) - 3600
  utimesSync(zip, t, t)
  keyFile = join(sshd.root, 'client_key')
})
afterAll(async () => {
  await sshd?.stop()
})

function args(extra: string[] = []): string[] {
  return [
    '--sftp',
    `sftp://${sshd.username}@127.0.0.1:${sshd.port}${dir}`,
    '--sftp-host-key',
    sshd.hostFingerprint,
    '--sftp-settle',
    '0.2',
    ...extra,
  ]
}

describe.runIf(run)('rosterkit --sftp', () => {
  it('test-connection checks the drop folder with a key file', async () => {
    const io = createBufferIo()
    const code = await main(['test-connection', ...args(['--sftp-key-file', keyFile])], io)
    expect(io.stdout()).toMatch(/Connection OK/)
    expect(io.stdout()).toMatch(/roster-2026-03-02\.zip/)
    expect(code).toBe(0)
  })

  it('validate and plan read the newest drop, with the key taken from the environment', async () => {
    const env = { ROSTERKIT_SFTP_PRIVATE_KEY: sshd.privateKey }
    const validate = createBufferIo({ env })
    const code = await main(['validate', ...args()], validate)
    expect(validate.stderr()).not.toMatch(/error:/i)
    expect(code).toBe(0)
    expect(validate.stdout()).toMatch(/Validated sftp:\/\/.*\/roster-2026-03-02\.zip: 125 users/)
    expect(validate.stdout()).toMatch(/nothing blocks a sync/)

    const base = join(sshd.root, 'base.zip')
    await writeOneRosterCsvToPath(generateDistrict({ students: 10, seed: 2 }), base)
    const plan = createBufferIo({ env })
    await main(['plan', '--base', base, ...args()], plan)
    expect(plan.stdout()).toMatch(/Test sync of sftp:\/\/.*\/roster-2026-03-02\.zip: \d+ to create/)
    expect(plan.stdout() + plan.stderr()).not.toContain('PRIVATE KEY')
  })

  it('takes the password from a named environment variable, never from the command line, and never prints it', async () => {
    const io = createBufferIo({ env: { DISTRICT_SFTP_PW: PASSWORD } })
    const code = await main(['test-connection', ...args(['--sftp-password-env', 'DISTRICT_SFTP_PW'])], io)
    expect(code).not.toBe(0)
    expect(io.stdout()).toMatch(/auth/)
    expect(io.stdout() + io.stderr()).not.toContain(PASSWORD)

    const inUrl = createBufferIo()
    const refused = await main(
      ['test-connection', '--sftp', `sftp://u:${PASSWORD}@127.0.0.1/drop`, '--sftp-host-key', sshd.hostFingerprint],
      inUrl,
    )
    expect(refused).toBe(2)
    expect(inUrl.stderr()).toMatch(/must not hold a password/)
    expect(inUrl.stdout() + inUrl.stderr()).not.toContain(PASSWORD)
  })

  it('requires a host key pin', async () => {
    const io = createBufferIo({ env: { ROSTERKIT_SFTP_PRIVATE_KEY: sshd.privateKey } })
    const code = await main(['test-connection', '--sftp', `sftp://u@127.0.0.1:${sshd.port}/drop`], io)
    expect(code).toBe(2)
    expect(io.stderr()).toMatch(/--sftp-host-key is required/)
  })

  it('archives the imported drop after an applied sync only when asked', async () => {
    const io = createBufferIo({ env: { ROSTERKIT_SFTP_PRIVATE_KEY: sshd.privateKey } })
    const flags = { sftp: args()[1]!, 'sftp-host-key': sshd.hostFingerprint, 'sftp-settle': '0.2' }
    const source = createSftpSourceFromFlags(flags, io)
    const roster = await source.pull()
    expect(await archiveSftpDropAfterSync(source, 'applied', roster.cursor, flags)).toBeUndefined()
    expect(await archiveSftpDropAfterSync(source, 'failed', roster.cursor, { ...flags, 'sftp-archive': true })).toBe(
      undefined,
    )
    const done = await archiveSftpDropAfterSync(source, 'applied', roster.cursor, { ...flags, 'sftp-archive': true })
    expect(done?.moved).toHaveLength(1)
  })
})
