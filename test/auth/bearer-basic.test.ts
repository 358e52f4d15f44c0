import { describe, expect, it } from 'vitest'
import { type AuthContext, createBasicAuth, createBearerAuth } from '../../src/auth/index.js'

const context: AuthContext = { fetch, attempt: 1, provider: 'clever', allowInsecureLoopback: false, timeoutMs: 1000 }

describe('bearer', () => {
  it('sets a static token', async () => {
    const request = await createBearerAuth({ token: 'district-token' }).authorize(
      new Request('https://api.clever.com/v3.0/users'),
      context,
    )
    expect(request.headers.get('authorization')).toBe('Bearer district-token')
  })

  it('asks a token function on every attempt, so tokens can rotate', async () => {
    let n = 0
    const auth = createBearerAuth({ token: async () => `t${++n}` })
    const first = await auth.authorize(new Request('https://api.clever.com/x'), context)
    const second = await auth.authorize(new Request('https://api.clever.com/x'), context)
    expect([first.headers.get('authorization'), second.headers.get('authorization')]).toEqual([
      'Bearer t1',
      'Bearer t2',
    ])
  })

  it('refuses an empty token', () => {
    expect(() => createBearerAuth({ token: '' })).toThrow(/token/)
  })
})

describe('basic', () => {
  it('encodes user and password as UTF-8 base64', async () => {
    const request = await createBasicAuth({ username: 'client', password: 'pässwörd' }).authorize(
      new Request('https://clever.com/oauth/tokens'),
      context,
    )
    expect(request.headers.get('authorization')).toBe(
      `Basic ${Buffer.from('client:pässwörd', 'utf8').toString('base64')}`,
    )
  })

  it('refuses a user name with a colon', () => {
    expect(() => createBasicAuth({ username: 'a:b', password: 'c' })).toThrow(/colon/)
  })
})
