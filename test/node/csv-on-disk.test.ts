import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRoster } from '../../src/model/index.js'
import { createCsvSourceFromPath, readOneRosterCsvFromPath, writeOneRosterCsvToPath } from '../../src/node/index.js'

const roster = createRoster({
  source: { kind: 'host' },
  orgs: [
    { sourcedId: 'd1', status: 'active', name: 'District', type: 'district' },
    { sourcedId: 's1', status: 'active', name: 'School', type: 'school', parentSourcedId: 'd1' },
  ],
})

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rosterkit-csv-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('rosterkit/node CSV helpers', () => {
  it('writes and reads back a zip', async () => {
    const path = join(dir, 'bundle.zip')
    await writeOneRosterCsvToPath(roster, path, { version: '1.1' })
    const bytes = await readFile(path)
    expect(bytes[0]).toBe(0x50)
    const { roster: back, version } = await readOneRosterCsvFromPath(path)
    expect(version).toBe('1.1')
    expect(back.source.label).toBe('bundle.zip')
    expect(back.orgs.map((o) => o.sourcedId)).toEqual(['d1', 's1'])
  })

  it('writes and reads back a folder, entering a single nested folder', async () => {
    const path = join(dir, 'outer', 'export')
    await writeOneRosterCsvToPath(roster, path)
    expect(await readFile(join(path, 'orgs.csv'), 'utf8')).toMatch(/^sourcedId,status,/)
    const { roster: back } = await readOneRosterCsvFromPath(join(dir, 'outer'))
    expect(back.orgs[1]?.parentSourcedId).toBe('d1')
  })

  it('offers a roster source that re-reads the file on every pull', async () => {
    const path = join(dir, 'source.zip')
    await writeOneRosterCsvToPath(roster, path)
    const source = createCsvSourceFromPath(path)
    expect(source.label).toBe('source.zip')
    expect((await source.pull()).orgs).toHaveLength(2)
    await writeOneRosterCsvToPath(createRoster({ source: { kind: 'host' }, orgs: roster.orgs.slice(0, 1) }), path)
    expect((await source.pull()).orgs).toHaveLength(1)
    expect((await source.testConnection()).ok).toBe(true)
  })

  it('reports a missing path through testConnection without throwing', async () => {
    const diagnosis = await createCsvSourceFromPath(join(dir, 'nope.zip')).testConnection()
    expect(diagnosis.ok).toBe(false)
    await writeFile(join(dir, 'empty.zip'), '')
    await expect(readOneRosterCsvFromPath(join(dir, 'empty.zip'))).rejects.toMatchObject({
      code: 'ROSTERKIT_CSV_FORMAT',
    })
  })
})
