import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBufferIo } from '../../src/cli/io.js'
import { main } from '../../src/cli/main.js'
import { readJsonFile } from '../../src/cli/read-json-file.js'
import { isConfigurationError } from '../../src/errors.js'
import { writeOneRosterCsvToPath } from '../../src/node/index.js'
import { generateDistrict } from '../../src/testing/index.js'
import { parseDistrictParameters } from '../../src/validate/index.js'

let dir: string
let bundle: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rosterkit-json-'))
  bundle = join(dir, 'district.zip')
  await writeOneRosterCsvToPath(generateDistrict({ students: 30, seed: 5 }), bundle)
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function file(name: string, value: unknown): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, JSON.stringify(value))
  return path
}

async function run(argv: string[]) {
  const io = createBufferIo({ env: {} })
  const code = await main(argv, io)
  return { code, out: io.stdout(), err: io.stderr() }
}

describe('JSON settings files refuse unknown keys', () => {
  it('readJsonFile names the file, the key and the closest known key', async () => {
    const path = await file('typo-params.json', { testingMeasures: [{ id: 'r', grade: ['03'] }] })
    const error = await readJsonFile(path, 'district parameters', parseDistrictParameters).catch((e: unknown) => e)
    expect(isConfigurationError(error)).toBe(true)
    if (!isConfigurationError(error)) return
    expect(error.message).toContain(path)
    expect(error.message).toContain('Unknown key "grade" in testingMeasures.0; did you mean "grades"?')
    expect(error.issues[0]).toMatchObject({ path: ['testingMeasures', 0, 'grade'], suggestion: 'grades' })
  })

  it('rosterkit validate --parameters exits 2 on a misspelt key', async () => {
    const params = await file('params.json', { recordProcesing: 'activeOnly' })
    const result = await run(['validate', '--bundle', bundle, '--parameters', params])
    expect(result.code).toBe(2)
    expect(result.err).toContain('did you mean "recordProcessing"?')
    expect(result.out).toBe('')
  })

  it('rosterkit plan --policy and --parameters exit 2 on a misspelt key, before reading any bundle', async () => {
    const policy = await file('policy.json', { archiveTreshold: 0.5 })
    const missing = join(dir, 'no-such-bundle.zip')
    const result = await run(['plan', '--base', missing, '--bundle', missing, '--policy', policy])
    expect(result.code).toBe(2)
    expect(result.err).toContain(`the policy file ${policy}`)
    expect(result.err).toContain('Unknown key "archiveTreshold"; did you mean "archiveThreshold"?')

    const params = await file('plan-params.json', { schools: ['s1'], allowedGrade: ['03'] })
    const second = await run(['plan', '--base', missing, '--bundle', missing, '--parameters', params])
    expect(second.code).toBe(2)
    expect(second.err).toContain('did you mean "allowedGrades"?')
  })
})
