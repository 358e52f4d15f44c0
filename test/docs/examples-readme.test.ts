import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { main as csvUpload } from '../../examples/csv-upload-validation.js'

const dir = new URL('../../examples/', import.meta.url)
const readme = readFileSync(new URL('README.md', dir), 'utf8')
const examples = readdirSync(dir).filter((f) => f.endsWith('.ts'))

/** The rosterkit entry points a file imports, sorted. */
function importsOf(code: string): string[] {
  return [
    ...new Set([...code.matchAll(/from '(rosterkit(?:\/[a-z]+)?|\.\.?\/[^']+)'/g)].map((m) => m[1] as string)),
  ].sort()
}

describe('examples/README.md', () => {
  it('lists every example, and only those', () => {
    const listed = [...readme.matchAll(/^\| \[`([^`]+)`\]\(\1\)/gm)].map((m) => m[1])
    expect(listed.sort()).toEqual([...examples].sort())
  })

  it('names exactly the entry points each example imports', () => {
    for (const file of examples) {
      const row = readme.split('\n').find((l) => l.startsWith(`| [\`${file}\`]`)) as string
      const named = [...(row.split('|')[2] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1] as string).sort()
      expect(named, file).toEqual(importsOf(readFileSync(new URL(file, dir), 'utf8')))
    }
    // The examples import package names, never the sources by path.
    for (const file of examples) {
      expect(
        importsOf(readFileSync(new URL(file, dir), 'utf8')).every((m) => m.startsWith('rosterkit')),
        file,
      ).toBe(true)
    }
  })
})

describe('the CSV upload example', () => {
  it('previews an upload against the data the host already holds, not against an empty host', async () => {
    const { good, month } = await csvUpload()
    expect(good.accepted).toBe(true)
    // Last month's upload is in the host: only this month's new students and guardians are created…
    expect(good.changes?.users.create).toBe(month.created.users.length)
    expect(good.changes?.users.unchanged).toBeGreaterThan(100)
    // …and the renamed classes are found as changes to records the host has (skipped by the default policy).
    expect(good.changes?.classes.create).toBe(0)
    expect(good.changes?.classes.skip).toBe(month.renamedClasses.length)
  })
})
