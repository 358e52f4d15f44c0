import { describe, expect, it } from 'vitest'
import { createRosterSync, type Roster } from '../../src/index.js'
import { redactText } from '../../src/internal/redact.js'
import { generateDistrict, MemoryRosterStore } from '../../src/testing/index.js'
import { createFakeSource } from '../sync/fake-source.js'

const PASSWORD = 'hunter2-Pg-77'

describe('credentials inside URLs a host error mentions stay out of sync reports', () => {
  it('redacts user info of any URL in free text', () => {
    const text = `connect ECONNREFUSED postgres://roster_app:${PASSWORD}@db.internal:5432/roster and https://${PASSWORD}@git.example/x`
    const out = redactText(text)
    expect(out).not.toContain(PASSWORD)
    expect(out).toContain('db.internal:5432/roster')
    expect(redactText('see https://example.test/a@b and mailto:ops@district.example')).toBe(
      'see https://example.test/a@b and mailto:ops@district.example',
    )
  })

  it('a store that fails with its connection string gives a report without the password', async () => {
    const roster: Roster = { ...generateDistrict({ students: 20, seed: 3 }), cursor: 'c1' }
    const store = new MemoryRosterStore()
    store.load = async () => {
      throw new Error(`connect ECONNREFUSED postgres://roster_app:${PASSWORD}@db.internal:5432/roster`)
    }
    const sync = createRosterSync({
      source: createFakeSource({ pull: () => roster }),
      store,
      policy: { namespace: 'n' },
    })
    const result = await sync.run()
    expect(result.outcome).toBe('failed')
    const shown = [JSON.stringify(result.report.data), result.report.toText(), result.report.toHtml()].join('\n')
    expect(shown).toContain('ECONNREFUSED')
    expect(shown).not.toContain(PASSWORD)
    expect(JSON.stringify(result.state)).not.toContain(PASSWORD)
  })
})
