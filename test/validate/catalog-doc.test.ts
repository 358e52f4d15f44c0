import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { ISSUE_CATALOG } from '../../src/validate/index.js'

const doc = readFileSync(new URL('../../docs/district-parameters.md', import.meta.url), 'utf8')

it('docs/district-parameters.md lists every issue code with the catalog severity and level', () => {
  const rows = new Map<string, string[]>()
  for (const line of doc.split('\n')) {
    const m = /^\| `([a-z_]+)` \| (error|warning) \| (record|roster) \|/.exec(line)
    if (m) rows.set(m[1]!, [m[2]!, m[3]!])
  }
  const expected = Object.entries(ISSUE_CATALOG).map(([code, info]) => [code, [info.severity, info.level]])
  expect([...rows]).toEqual(expected)
})
