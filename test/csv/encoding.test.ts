import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { type CsvIssue, readOneRosterCsv } from '../../src/providers/csv/index.js'

const MANIFEST =
  'propertyName,value\r\nmanifest.version,1.0\r\noneroster.version,1.1\r\nfile.orgs,bulk\r\nfile.users,bulk\r\n'
const ORGS = 'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\ns1,,,School,school,,\r\n'
const HEAD =
  'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\r\n'
const row = (id: string, given: string) => `${id},,,true,s1,student,${id},,${given},Lee,,,,,,,,\r\n`
const of = (issues: CsvIssue[], code: string) => issues.filter((i) => i.code === code)

/** Encodes text as Windows-1252 bytes (the characters used here all have one). */
function windows1252(text: string): Uint8Array {
  const special: Record<string, number> = { '\u2019': 0x92, '\u20ac': 0x80 }
  return Uint8Array.from([...text].map((c) => special[c] ?? c.charCodeAt(0)))
}

/** Streams bytes in chunks of the given size, as a zip entry or an upload arrives. */
function chunked(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) controller.close()
      else {
        controller.enqueue(bytes.slice(at, at + size))
        at += size
      }
    },
  })
}

describe('file encodings', () => {
  it('reads a Windows-1252 (Latin-1) file as such, with a warning naming file and line, never as U+FFFD', async () => {
    const users = windows1252(`${HEAD}${row('u1', 'Ann')}${row('u2', 'Renée')}${row('u3', 'O’Neil')}`)
    for (const content of [users, chunked(users, 7)]) {
      const { roster, issues } = await readOneRosterCsv({
        'manifest.csv': MANIFEST,
        'orgs.csv': ORGS,
        'users.csv': content,
      })
      expect(roster.users.map((u) => u.givenName)).toEqual(['Ann', 'Renée', 'O’Neil'])
      expect(of(issues, 'file_windows_encoding')).toEqual([
        expect.objectContaining({ severity: 'warning', file: 'users.csv', line: 3 }),
      ])
      expect(of(issues, 'file_invalid_bytes')).toEqual([])
    }
  })

  it('reads Windows-1252 from a zip too', async () => {
    const zip = zipSync({
      'manifest.csv': strToU8(MANIFEST),
      'orgs.csv': strToU8(ORGS),
      'users.csv': windows1252(`${HEAD}${row('u1', 'Zoë')}`),
    })
    const { roster, issues } = await readOneRosterCsv(zip)
    expect(roster.users[0]?.givenName).toBe('Zoë')
    expect(of(issues, 'file_windows_encoding')[0]).toMatchObject({ file: 'users.csv', line: 2 })
  })

  it('names the lines of bytes that are not UTF-8 in a file that otherwise is', async () => {
    const utf8 = new TextEncoder().encode(`${HEAD}${row('u1', 'José')}`)
    const latin1 = windows1252(row('u2', 'Renée'))
    const users = new Uint8Array([...utf8, ...latin1])
    const { roster, issues } = await readOneRosterCsv({
      'manifest.csv': MANIFEST,
      'orgs.csv': ORGS,
      'users.csv': users,
    })
    expect(roster.users[0]?.givenName).toBe('José')
    expect(of(issues, 'file_invalid_bytes')).toEqual([
      expect.objectContaining({ severity: 'error', file: 'users.csv', line: 3 }),
    ])
    expect(of(issues, 'file_windows_encoding')).toEqual([])
    expect(roster.sourceIssues?.samples).toContainEqual(
      expect.objectContaining({ code: 'file_invalid_bytes', location: 'users.csv:3', collection: 'users' }),
    )
  })

  it('reads UTF-8 split anywhere across chunks without a word', async () => {
    const users = new TextEncoder().encode(`${HEAD}${row('u1', 'Chloé 李 🙂')}`)
    for (const size of [1, 2, 3, 5]) {
      const { roster, issues } = await readOneRosterCsv({
        'manifest.csv': MANIFEST,
        'orgs.csv': ORGS,
        'users.csv': chunked(users, size),
      })
      expect(roster.users[0]?.givenName).toBe('Chloé 李 🙂')
      expect(issues.filter((i) => i.code.startsWith('file_'))).toEqual([])
    }
  })

  it('names a character cut at the end of the file', async () => {
    const utf8 = new TextEncoder().encode(`${HEAD}${row('u1', 'José')}u2,,,true,s1,student,u2,,Ren`)
    const users = new Uint8Array([...utf8, 0xc3])
    const { issues } = await readOneRosterCsv({ 'manifest.csv': MANIFEST, 'orgs.csv': ORGS, 'users.csv': users })
    expect(of(issues, 'file_invalid_bytes')).toEqual([expect.objectContaining({ line: 3 })])
  })
})
