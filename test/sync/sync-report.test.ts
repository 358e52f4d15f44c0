import { describe, expect, it } from 'vitest'
import { AuthenticationError, createRosterSync, createSyncReport, escapeHtml, type Roster } from '../../src/index.js'
import { generateDistrict, MemoryRosterStore } from '../../src/testing/index.js'
import { createFakeSource } from './fake-source.js'

const SCRIPT = '<script>alert("x")</script>'

/** A district whose first school has a hostile name and is not matched to any host school. */
function hostileDistrict(): Roster {
  const roster = generateDistrict({ students: 60, seed: 5 })
  const school = roster.orgs.find((o) => o.type === 'school')
  if (!school) throw new Error('no school')
  return { ...roster, orgs: roster.orgs.map((o) => (o === school ? { ...o, name: `Lincoln ${SCRIPT} & Sons` } : o)) }
}

describe('sync reports', () => {
  it('escape every value in the HTML and keep the source configuration out of all renderings', async () => {
    const source = createFakeSource({ pull: () => hostileDistrict() })
    const sync = createRosterSync({ source, store: new MemoryRosterStore(), policy: { namespace: 'n' } })

    const preview = await sync.preview()
    const html = preview.report.toHtml()
    const text = preview.report.toText()
    const json = JSON.stringify(preview.report)

    expect(preview.unmatchedSchools.some((s) => s.name.includes(SCRIPT))).toBe(true)
    expect(html).not.toContain('<script>')
    expect(html).toContain('Lincoln &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons')
    expect(html).not.toMatch(/<link|<style|src=/)
    expect(text).toContain(`Lincoln ${SCRIPT} & Sons`)
    for (const rendering of [html, text, json]) {
      expect(rendering).not.toContain(source.config.clientSecret)
      expect(rendering).not.toContain(source.config.clientId)
    }
  })

  it('report a failed run with the error code and hint but no secret from the error', async () => {
    const secret = 'tok-SECRET-4411'
    const source = createFakeSource({
      pull: () => {
        throw new AuthenticationError(`token refused for https://sis.example/users?access_token=${secret}`, {
          provider: 'oneroster',
          method: 'GET',
          url: 'https://sis.example/users?access_token=[REDACTED]',
          status: 401,
          hint: 'Check the client id and secret in the SIS.',
        })
      },
    })
    const result = await createRosterSync({ source, store: new MemoryRosterStore() }).run()

    for (const rendering of [result.report.toHtml(), result.report.toText(), JSON.stringify(result.report)]) {
      expect(rendering).toContain('ROSTERKIT_AUTHENTICATION')
      expect(rendering).toContain('Check the client id and secret in the SIS.')
      expect(rendering).not.toContain(secret)
    }
    expect(result.report.data.headline).toMatch(/failed/)
  })

  it('count actions per entity and role in the text rendering', async () => {
    const roster = generateDistrict({ students: 40, seed: 9 })
    const sync = createRosterSync({
      source: createFakeSource({ pull: () => roster }),
      store: new MemoryRosterStore(),
      policy: { schools: { unmatched: 'create' } },
    })
    const result = await sync.run()
    const students = roster.users.filter((u) => u.roles.some((r) => r.role === 'student')).length
    const text = result.report.toText()

    expect(text).toMatch(new RegExp(`\\n  student\\s+${students}\\s+0`))
    expect(text).toMatch(new RegExp(`\\n  users\\s+${roster.users.length}\\s`))
    expect(text).toMatch(/Apply \(complete\): [0-9,]+ records written, 0 refused/)
    expect(result.report.data.apply?.counts.users?.create.succeeded).toBe(roster.users.length)
  })

  it('round-trip through JSON into the same renderings', async () => {
    const roster = generateDistrict({ students: 30, seed: 2 })
    const sync = createRosterSync({ source: createFakeSource({ pull: () => roster }), store: new MemoryRosterStore() })
    const { report } = await sync.run()

    const revived = createSyncReport(JSON.parse(JSON.stringify(report)))

    expect(revived.toText()).toBe(report.toText())
    expect(revived.toHtml()).toBe(report.toHtml())
  })

  it('escape quotes and ampersands for attributes', () => {
    expect(escapeHtml(`a"b'c&<>`)).toBe('a&quot;b&#39;c&amp;&lt;&gt;')
  })
})
