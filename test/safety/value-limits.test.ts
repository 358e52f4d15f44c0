import { describe, expect, it } from 'vitest'
import { readOneRosterCsv } from '../../src/providers/csv/index.js'
import { boundMetadata, checkLength, limitKindOf, VALUE_LIMITS } from '../../src/providers/shared/value-limits.js'

/** No value over its documented limit is stored silently, from any reader. */

const HEADER =
  'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,metadata.note'

function bundle(rows: string[]): Record<string, string> {
  return {
    'orgs.csv': 'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\no1,active,,School,school,,\n',
    'users.csv': `${HEADER}\n${rows.join('\n')}\n`,
  }
}

const row = (id: string, fields: Partial<Record<'givenName' | 'email' | 'note' | 'grades', string>> = {}) =>
  `${id},active,,true,o1,student,${id}.user,,${fields.givenName ?? 'Ana'},Li,,,${fields.email ?? ''},,,,${fields.grades ?? '09'},,${fields.note ?? ''}`

describe('value limits in the CSV reader', () => {
  it('cuts a 10 MB given name to the name limit and says so', async () => {
    const { roster, issues } = await readOneRosterCsv(bundle([row('u1', { givenName: 'G'.repeat(10_000_000) })]))
    expect(roster.users[0]?.givenName).toHaveLength(VALUE_LIMITS.name)
    expect(issues.find((i) => i.code === 'value_too_long')).toMatchObject({ column: 'givenName', line: 2 })
  })

  it('leaves out the row of an over-long sourcedId or email, and keeps the others', async () => {
    const { roster, issues } = await readOneRosterCsv(
      bundle([row('x'.repeat(VALUE_LIMITS.id + 1)), row('u2', { email: `${'e'.repeat(400)}@x.example` }), row('u3')]),
    )
    expect(roster.users.map((u) => u.sourcedId)).toEqual(['u3'])
    expect(issues.filter((i) => i.code === 'value_too_long').map((i) => i.column)).toEqual(['sourcedId', 'email'])
    expect(issues.filter((i) => i.code === 'record_skipped')).toHaveLength(2)
  })

  it('drops an extension column past the metadata budget', async () => {
    const { roster, issues } = await readOneRosterCsv(
      bundle([row('u1', { note: 'n'.repeat(VALUE_LIMITS.metadataSize + 1) })]),
    )
    expect(roster.users[0]?.metadata?.note).toBeUndefined()
    expect(issues.map((i) => i.code)).toContain('metadata_bounded')
  })
})

describe('the shared limits table', () => {
  it('classes fields by kind', () => {
    expect(['sourcedId', 'classSourcedId', 'termSourcedIds'].map(limitKindOf)).toEqual(['id', 'id', 'id'])
    expect(['email', 'username', 'identifier', 'stateId'].map(limitKindOf)).toEqual(['key', 'key', 'key', 'key'])
    expect(['givenName', 'title', 'name'].map(limitKindOf)).toEqual(['name', 'name', 'name'])
    expect(limitKindOf('location')).toBe('text')
  })

  it('cuts names without splitting a surrogate pair, and leaves out ids and keys', () => {
    const emoji = `${'a'.repeat(VALUE_LIMITS.name - 1)}😀`
    const cut = checkLength('name', `${emoji}tail`)
    expect(cut).toMatchObject({ action: 'truncate' })
    expect(cut.action === 'truncate' && cut.value).toBe('a'.repeat(VALUE_LIMITS.name - 1))
    expect(checkLength('id', 'x'.repeat(VALUE_LIMITS.id + 1)).action).toBe('skip')
    expect(checkLength('key', 'x'.repeat(VALUE_LIMITS.key)).action).toBe('keep')
  })

  it('drops metadata nested too deep without recursing', () => {
    let deep: unknown = 'leaf'
    for (let i = 0; i < 100_000; i++) deep = [deep]
    const bounded = boundMetadata({ ok: { a: { b: 1 } }, deep })
    expect(bounded.metadata).toEqual({ ok: { a: { b: 1 } } })
    expect(bounded.tooDeep).toEqual(['deep'])
  })
})
