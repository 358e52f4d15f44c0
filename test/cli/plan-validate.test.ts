import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBufferIo } from '../../src/cli/io.js'
import { main } from '../../src/cli/main.js'
import type { Roster } from '../../src/index.js'
import { writeOneRosterCsvToPath } from '../../src/node/index.js'
import { generateDistrict } from '../../src/testing/index.js'

let dir: string
let roster: Roster
let good: string
let cut: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rosterkit-plan-'))
  roster = generateDistrict({ students: 40, seed: 7 })
  good = join(dir, 'good')
  cut = join(dir, 'cut')
  await writeOneRosterCsvToPath(roster, good)
  await writeOneRosterCsvToPath(roster, cut)
  // An enrollments file cut off in the middle of its last row, as an interrupted upload leaves it.
  const file = join(cut, 'enrollments.csv')
  const text = await readFile(file, 'utf8')
  await writeFile(file, text.slice(0, text.trimEnd().lastIndexOf(',') - 3))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function run(argv: string[]) {
  const io = createBufferIo()
  const code = await main(argv, io)
  return { code, out: io.stdout(), err: io.stderr() }
}

describe('plan and validate agree on the same bundle', () => {
  it('both block a bundle whose enrollments file is cut mid-row, with the same error count', async () => {
    const validate = await run(['validate', cut])
    const validateJson = await run(['validate', cut, '--json'])
    const plan = await run(['plan', '--base', good, '--bundle', cut])
    const planJson = await run(['plan', '--base', good, '--bundle', cut, '--json'])
    const errors = Number(/^(\d+) errors?,/m.exec(validate.out)?.[1])
    expect(validate.code).toBe(1)
    expect(validate.out).toContain('BLOCKED')
    expect(validateJson.code).toBe(1)
    expect(JSON.parse(validateJson.out).summary.errors).toBe(errors)
    expect(plan.code).toBe(1)
    expect(plan.out).toContain(`Validation: ${errors} errors`)
    expect(planJson.code).toBe(1)
    expect(JSON.parse(planJson.out).validation.errors).toBe(errors)
  })
})
