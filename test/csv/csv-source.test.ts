import { readFileSync } from 'node:fs'
import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { isCsvFormatError } from '../../src/errors.js'
import { createRoster } from '../../src/model/index.js'
import { CSV_ISSUE_CATALOG, createCsvSource, writeOneRosterCsv } from '../../src/providers/csv/index.js'

const roster = createRoster({
  source: { kind: 'host' },
  orgs: [{ sourcedId: 'o1', status: 'active', name: 'District', type: 'district' }],
  users: [
    {
      sourcedId: 'u1',
      status: 'active',
      username: 'u1',
      enabledUser: true,
      givenName: 'A',
      familyName: 'B',
      userIds: [],
      agentSourcedIds: [],
      grades: [],
      roles: [{ roleType: 'primary', role: 'student', orgSourcedId: 'o1' }],
    },
  ],
})

describe('createCsvSource', () => {
  it('diagnoses a readable bundle and pulls its roster, reading afresh each time', async () => {
    const { zip } = writeOneRosterCsv(roster, { version: '1.2' })
    let loads = 0
    const source = createCsvSource(
      () => {
        loads++
        return new Blob([zip as Uint8Array<ArrayBuffer>]).stream()
      },
      { label: 'district.zip' },
    )
    expect(source).toMatchObject({ kind: 'oneroster-csv', label: 'district.zip', supportsIncremental: false })
    const diagnosis = await source.testConnection()
    expect(diagnosis.ok).toBe(true)
    expect(diagnosis.checks.map((c) => [c.id, c.status])).toEqual([
      ['bundle', 'pass'],
      ['manifest', 'pass'],
      ['version', 'pass'],
      ['files', 'pass'],
      ['content', 'pass'],
    ])
    expect(diagnosis.checks.at(-1)?.details).toEqual({ counts: { orgs: 1, users: 1 } })
    const events: string[] = []
    const pulled = await source.pull({ onProgress: (e) => events.push(`${e.collection}:${e.records}`) })
    expect(pulled.source).toMatchObject({ kind: 'oneroster-csv', version: '1.2', label: 'district.zip' })
    expect(pulled.users[0]?.roles).toEqual(roster.users[0]?.roles)
    expect(events).toEqual(['orgs:1', 'users:1'])
    expect(loads).toBe(2)
  })

  it('never throws from testConnection, and reports missing declared files and unreadable bundles', async () => {
    const manifest = 'propertyName,value\nmanifest.version,1.0\noneroster.version,1.1\nfile.users,bulk\n'
    const missing = await createCsvSource(zipSync({ 'manifest.csv': strToU8(manifest) })).testConnection()
    expect(missing.ok).toBe(false)
    expect(missing.checks.find((c) => c.id === 'files')).toMatchObject({ status: 'fail' })
    expect(missing.summary).toMatch(/users\.csv/)
    const broken = await createCsvSource(strToU8('not a zip')).testConnection()
    expect(broken.ok).toBe(false)
    expect(broken.checks[0]).toMatchObject({ id: 'bundle', status: 'fail', details: { code: 'ROSTERKIT_CSV_FORMAT' } })
  })

  it('in strict mode, pull throws CsvFormatError at the first error', async () => {
    const files = {
      'manifest.csv': 'propertyName,value\nmanifest.version,1.0\noneroster.version,1.1\nfile.orgs,bulk\n',
      'orgs.csv': 'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\no1,active,,D,District,,\n',
    }
    const err = await createCsvSource(files, { strict: true })
      .pull()
      .catch((e: unknown) => e)
    expect(isCsvFormatError(err)).toBe(true)
    expect(err).toMatchObject({ file: 'orgs.csv', line: 2, column: 'type' })
    const tolerant = await createCsvSource(files).pull({ collections: ['users'] })
    expect(tolerant.orgs).toEqual([])
    expect(tolerant.completeness.orgs).toBeUndefined()
  })

  it('documents every issue code with a severity and a description, in code and in docs/csv.md', () => {
    const doc = readFileSync(new URL('../../docs/csv.md', import.meta.url), 'utf8')
    for (const [code, def] of Object.entries(CSV_ISSUE_CATALOG)) {
      expect(doc).toContain(`| \`${code}\` | ${def.severity} |`)
      expect(code).toMatch(/^[a-z_]+$/)
      expect(['error', 'warning', 'info']).toContain(def.severity)
      expect(def.description.length).toBeGreaterThan(20)
    }
  })
})
