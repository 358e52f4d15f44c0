import { afterEach, describe, expect, it } from 'vitest'
import { isResponseShapeError } from '../../src/errors.js'
import { type HostRecord, planMerge } from '../../src/merge/index.js'
import type { User } from '../../src/model/index.js'
import { createCleverClient } from '../../src/providers/clever/index.js'
import { VALUE_LIMITS } from '../../src/providers/shared/value-limits.js'
import { generateDistrict, type MockCleverServer, startMockCleverServer } from '../../src/testing/index.js'

/**
 * One policy for a malformed record, as for OneRoster and CSV: a tolerant pull leaves the record
 * out with a source issue naming it and marks its collection incomplete (so nothing archives); a
 * strict pull fails with a typed error. Events of types rosterkit does not know are passed over,
 * whatever their body, also where the cursor is looked up.
 */

let server: MockCleverServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

type Rewrite = (path: string, body: Record<string, unknown>) => Record<string, unknown> | undefined

/** The real fetch, with JSON answers rewritten by path, as a broken server or proxy would. */
function rewriting(rewrite: Rewrite): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init)
    const url = new URL(input instanceof Request ? input.url : String(input))
    if (!response.ok) return response
    const body = (await response.json()) as Record<string, unknown>
    const out = rewrite(url.pathname, body) ?? body
    const headers = new Headers(response.headers)
    headers.delete('content-length')
    return new Response(JSON.stringify(out), { status: response.status, headers })
  }
}

function withUser(id: string, change: (user: Record<string, unknown>) => void): Rewrite {
  return (path, body) => {
    if (!path.endsWith('/users')) return undefined
    for (const item of body.data as Array<{ data: Record<string, unknown> }>) if (item.data.id === id) change(item.data)
    return body
  }
}

async function start() {
  const district = generateDistrict({ seed: 6, students: 30 })
  server = await startMockCleverServer({ roster: district })
  const students = server.roster().users.filter((u) => u.roles.some((r) => r.role === 'student'))
  return { server, student: students[0] as User, users: server.roster().users }
}

function client(s: MockCleverServer, rewrite: Rewrite, strict = false) {
  return createCleverClient(
    { token: s.token },
    { baseUrl: s.baseUrl(), allowInsecureLoopback: true, sleep: async () => {}, strict, fetch: rewriting(rewrite) },
  )
}

describe('a Clever user whose name is a string', () => {
  it('tolerant: the user is left out with a source issue naming it, users are incomplete, nothing archives', async () => {
    const { server: s, student, users } = await start()
    const pulled = await client(
      s,
      withUser(student.sourcedId, (u) => (u.name = 'Ana Li')),
    ).pull({
      collections: ['users'],
    })
    expect(pulled.users.map((u) => u.sourcedId)).not.toContain(student.sourcedId)
    expect(pulled.users).toHaveLength(users.length - 1)
    expect(pulled.completeness.users?.complete).toBe(false)
    expect(pulled.complete).toBe(false)
    const issue = pulled.sourceIssues?.samples.find((i) => i.code === 'record-malformed')
    expect(issue).toMatchObject({ sourcedId: student.sourcedId, collection: 'users', action: 'skipped' })
    expect(issue?.message).toMatch(/name/)

    const existing: HostRecord<User>[] = users.map((u) => ({
      hostId: `H-${u.sourcedId}`,
      record: u,
      origin: { namespace: 'clever', createdBySource: true },
    }))
    const plan = planMerge({
      existing: { users: existing },
      incoming: pulled,
      policy: { namespace: 'clever', archiveThreshold: 1, roles: { student: { archive: true } } },
    })
    expect(plan.actions.users.filter((a) => a.kind === 'archive')).toEqual([])
  })

  it('strict: the pull fails with a typed error', async () => {
    const { server: s, student } = await start()
    const err = await client(
      s,
      withUser(student.sourcedId, (u) => (u.name = 'Ana Li')),
      true,
    )
      .pull({ collections: ['users'] })
      .catch((e: unknown) => e)
    expect(isResponseShapeError(err)).toBe(true)
  })

  it('a 10 MB first name is cut to the name limit, with a source issue', async () => {
    const { server: s, student } = await start()
    const pulled = await client(
      s,
      withUser(student.sourcedId, (u) => {
        ;(u.name as Record<string, unknown>).first = 'F'.repeat(10_000_000)
      }),
    ).pull({ collections: ['users'] })
    expect(pulled.users.find((u) => u.sourcedId === student.sourcedId)?.givenName).toHaveLength(VALUE_LIMITS.name)
    expect(pulled.sourceIssues?.byCode['value-too-long']?.count).toBe(1)
  })
})

describe('value limits on an incremental Clever pull', () => {
  it('a 10 MB name arriving in an event is cut too', async () => {
    const { server: s, student } = await start()
    const plain = client(s, () => undefined)
    const full = await plain.pull({ collections: ['users'] })
    const wireUser = (await plain.users.get(student.sourcedId)) as unknown as Record<string, unknown>
    const big = { ...wireUser, name: { ...(wireUser.name as object), first: 'F'.repeat(10_000_000) } }
    const event = { id: 'e-big', type: 'users.updated', created: new Date().toISOString(), data: { object: big } }
    const rewrite: Rewrite = (path, body) => {
      if (path.endsWith('/events')) return { data: [...((body.data as unknown[]) ?? []), { data: event }] }
      return undefined
    }
    const delta = await client(s, rewrite).pull({ since: full.cursor as string })
    expect(delta.users.find((u) => u.sourcedId === student.sourcedId)?.givenName).toHaveLength(VALUE_LIMITS.name)
    expect(delta.sourceIssues?.byCode['value-too-long']?.count).toBe(1)
  })
})

describe('a Clever event of a type rosterkit does not know', () => {
  it('is passed over in the feed and at the cursor lookup, whatever its body', async () => {
    const { server: s } = await start()
    const full = await client(s, () => undefined).pull()
    const cursor = full.cursor as string
    const strange = (id: string) => ({
      id,
      type: 'gradebook.assignment.graded',
      created: new Date().toISOString(),
      data: { grade: [1, 2] },
    })
    const rewrite: Rewrite = (path, body) => {
      if (path.endsWith(`/events/${cursor}`)) return { data: strange(cursor) }
      if (path.endsWith('/events'))
        return { data: [{ data: strange('e-unknown-1') }, ...((body.data as unknown[]) ?? [])] }
      return undefined
    }
    const delta = await client(s, rewrite).pull({ since: cursor })
    expect(delta.mode).toBe('delta')
    expect(delta.metadata?.eventsSkipped).toEqual([{ id: 'e-unknown-1', type: 'gradebook.assignment.graded' }])
  })
})
