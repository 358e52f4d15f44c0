'use strict'
// One real call through each entry point of the installed package, shared by the ESM and the CJS
// consumer scripts (each passes in the module it loaded). Add a row when an entry point gains content;
// entries without a row are only checked to load and to export something.

const assert = require('node:assert/strict')

/**
 * Each check gets the module it tests, the kind of load, and `load(entry)` to reach another entry
 * point of the same build (a client and the loopback server it talks to).
 * @type {Record<string, (mod: Record<string, any>, kind: 'esm' | 'cjs', load: (entry: string) => Promise<Record<string, any>>) => string | Promise<string>>}
 */
const checks = {
  '.': (m) => {
    const roster = m.createRoster({
      source: { kind: 'host' },
      pulledAt: '2025-01-01T00:00:00.000Z',
      users: [
        {
          sourcedId: 'u1',
          status: 'active',
          userIds: [],
          enabledUser: true,
          givenName: 'Ana',
          familyName: 'Lopez',
          roles: [{ roleType: 'primary', role: 'student', orgSourcedId: 's1' }],
          agentSourcedIds: [],
          grades: ['05'],
        },
      ],
    })
    assert.equal(m.parseRoster(JSON.parse(JSON.stringify(roster))).users.length, 1)
    assert.equal(m.indexRoster(roster).users.get('u1').givenName, 'Ana')
    assert.equal(m.roleCategory('guardian'), 'contact')
    let caught
    try {
      m.parseRoster({ ...roster, mode: 'sideways' })
    } catch (err) {
      caught = err
    }
    assert.ok(m.isRosterkitError(caught), 'parseRoster throws a rosterkit error')
    assert.ok(m.isModelValidationError(caught))
    assert.equal(caught.code, 'ROSTERKIT_MODEL')
    assert.deepEqual(caught.issues[0].path, ['mode'])
    assert.match(m.VERSION, /^\d+\.\d+\.\d+/)
    return 'createRoster, parseRoster, indexRoster, roleCategory, isModelValidationError'
  },
  './testing': (m) => {
    const roster = m.generateDistrict({ seed: 1, students: 50 })
    assert.equal(roster.users.filter((u) => u.roles[0].role === 'student').length, 50)
    assert.ok(roster.enrollments.length > 50)
    const again = m.generateDistrict({ seed: 1, students: 50 })
    assert.equal(JSON.stringify(again), JSON.stringify(roster))
    const { changes } = m.evolveDistrict(roster, { withdrawals: 1 })
    assert.equal(changes.withdrawals.length, 1)
    return 'generateDistrict, evolveDistrict'
  },
  './oneroster': async (m, _kind, load) => {
    const testing = await load('./testing')
    const core = await load('.')
    assert.equal(m.where('role').eq('student').toString(), "role='student'")
    const roster = testing.generateDistrict({ seed: 2, students: 40 })
    const server = await testing.startMockOneRosterServer({
      version: '1.1',
      roster,
      auth: { type: 'oauth1', clientId: 'key', clientSecret: 'secret' },
    })
    try {
      const client = m.createOneRosterClient({
        baseUrl: server.baseUrl,
        version: '1.1',
        auth: { type: 'oauth1', clientId: 'key', clientSecret: 'secret' },
        allowInsecureLoopback: true,
      })
      const pulled = await client.pull()
      assert.equal(pulled.complete, true)
      assert.equal(pulled.users.length, roster.users.length)
      assert.equal(pulled.enrollments.length, roster.enrollments.length)
      const store = new testing.MemoryRosterStore()
      const sync = core.createRosterSync({ source: client, store, policy: { schools: { unmatched: 'create' } } })
      const result = await sync.run()
      assert.equal(result.outcome, 'applied')
      assert.match(result.report.toText(), /created/)
      const wrong = m.createOneRosterClient({
        baseUrl: server.baseUrl,
        version: '1.1',
        auth: { type: 'oauth1', clientId: 'key', clientSecret: 'wrong' },
        allowInsecureLoopback: true,
      })
      const diagnosis = await wrong.testConnection()
      assert.equal(diagnosis.ok, false)
      assert.ok(!JSON.stringify(diagnosis).includes('wrong'), 'the secret never appears in a diagnosis')
    } finally {
      await server.close()
    }
    return 'OAuth 1.0a pull from the loopback server, createRosterSync run, failing testConnection'
  },
  './clever': async (m, _kind, load) => {
    const testing = await load('./testing')
    const roster = testing.generateDistrict({ seed: 3, students: 30 })
    const server = await testing.startMockCleverServer({ roster })
    try {
      const client = m.createCleverClient(
        { token: server.token },
        { baseUrl: server.origin, allowInsecureLoopback: true },
      )
      const pulled = await client.pull()
      assert.equal(pulled.complete, true)
      assert.equal(pulled.source.kind, 'clever')
      const students = pulled.users.filter((u) => u.roles.some((r) => r.role === 'student'))
      assert.equal(students.length, 30)
    } finally {
      await server.close()
    }
    assert.equal(m.toCedsGrade('Kindergarten'), 'KG')
    return 'bearer pull from the loopback Clever server, toCedsGrade'
  },
  './csv': async (m, _kind, load) => {
    const testing = await load('./testing')
    const roster = testing.generateDistrict({ seed: 4, students: 25 })
    const { zip } = m.writeOneRosterCsv(roster, { version: '1.1' })
    assert.ok(zip instanceof Uint8Array && zip.length > 100)
    const read = await m.readOneRosterCsv(zip)
    assert.equal(read.roster.users.length, roster.users.length)
    assert.equal(read.roster.enrollments.length, roster.enrollments.length)
    let refused
    try {
      await m.readOneRosterCsv({ 'users.csv': 'ObjectID,Username\n1,a\n' })
    } catch (err) {
      refused = err
    }
    assert.ok(refused && typeof refused.code === 'string' && refused.code.startsWith('ROSTERKIT_'))
    return 'writeOneRosterCsv → readOneRosterCsv round trip, refusal of a non-OneRoster bundle'
  },
  './postgres': async (m, _kind, load) => {
    const core = await load('.')
    const testing = await load('./testing')
    // The embedded default: a whole Postgres in WebAssembly, in memory.
    const database = await m.openRosterDatabase('memory://')
    try {
      const store = m.createPostgresRosterStore({ database, district: 'dist' })
      const syncStore = m.createPostgresSyncStore({ database, district: 'dist' })
      const roster = testing.generateDistrict({ seed: 6, students: 20 })
      const plan = core.planMerge({
        existing: await store.load(),
        incoming: roster,
        policy: { namespace: 'sis', schools: { unmatched: 'create' } },
      })
      const result = await core.applyMergePlan(plan, store, { approved: true })
      assert.equal(result.complete, true)
      const loaded = await store.load()
      assert.equal(loaded.users.length, roster.users.length)
      await syncStore.saveState({ formatVersion: 1, cursor: 'c-1' })
      assert.equal((await syncStore.loadState()).cursor, 'c-1')
      const release = await database.lockDistrict('dist')
      await assert.rejects(database.lockDistrict('dist'), (err) => m.isDistrictBusyError(err))
      await release()
    } finally {
      await database.close()
    }
    return 'PGlite in memory: migrate, apply a plan, load it back, sync state, district lock'
  },
  './node': async (m, _kind, load) => {
    const testing = await load('./testing')
    const { mkdtempSync, rmSync } = require('node:fs')
    const { join } = require('node:path')
    const { tmpdir } = require('node:os')
    const dir = mkdtempSync(join(tmpdir(), 'rosterkit-dist-'))
    try {
      const roster = testing.generateDistrict({ seed: 5, students: 20 })
      const file = join(dir, 'bundle.zip')
      await m.writeOneRosterCsvToPath(roster, file, { version: '1.2' })
      const read = await m.readOneRosterCsvFromPath(file)
      assert.equal(read.roster.classes.length, roster.classes.length)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    // ssh2-sftp-client is an optional peer dependency the consumer did not install: the entry
    // loads, and only an SFTP source's connection says what to install.
    const sftp = m.createSftpCsvSource({
      host: '127.0.0.1',
      username: 'u',
      password: 'p',
      hostKey: 'SHA256:1zyOsSiffl9WNQGhLEfBDY1QZ02w0jyNAO0jyKHc/S4',
      path: '/drop',
    })
    const missing = await sftp.pull().then(
      () => undefined,
      (e) => e,
    )
    assert.equal(missing?.code, 'ROSTERKIT_MISSING_DEPENDENCY')
    assert.match(missing.message, /npm install ssh2-sftp-client/)
    return 'writeOneRosterCsvToPath → readOneRosterCsvFromPath; SFTP without its optional peer'
  },
}

module.exports = { checks }
