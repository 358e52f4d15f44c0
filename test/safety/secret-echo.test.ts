import { inspect } from 'node:util'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createOAuth2ClientCredentialsAuth } from '../../src/auth/index.js'
import { isRosterkitError } from '../../src/errors.js'
import { createHttpClient } from '../../src/transport/index.js'
import { type LoopbackServer, sendJson, startLoopbackServer } from '../helpers/loopback-server.js'

const SECRET = 'Zq8-secret-value-41c7'
let server: LoopbackServer

beforeAll(async () => {
  server = await startLoopbackServer()
})
afterAll(async () => {
  await server.close()
})
beforeEach(() => server.reset())

async function tokenFailure(status: number, body: unknown, post = false): Promise<unknown> {
  server.route('POST', '/oauth/token', (_req, res) => sendJson(res, status, body))
  const http = createHttpClient({
    baseUrl: `${server.origin}/api`,
    provider: 'oneroster',
    allowInsecureLoopback: true,
    sleep: async () => {},
    maxRetries: 0,
    auth: createOAuth2ClientCredentialsAuth({
      tokenUrl: `${server.origin}/oauth/token`,
      clientId: 'app',
      clientSecret: SECRET,
      allowInsecureLoopback: true,
      ...(post ? { clientAuthentication: 'client_secret_post' as const } : {}),
    }),
  })
  return http.getJson('items').then(
    () => undefined,
    (e: unknown) => e,
  )
}

function everythingShown(err: unknown): string {
  if (!isRosterkitError(err)) throw new Error(`expected a rosterkit error, got ${String(err)}`)
  // What a host's logger prints for a thrown error, causes included.
  return [err.message, String(err), JSON.stringify(err.toJSON()), inspect(err, { depth: 8 })].join('\n')
}

describe('a token endpoint that echoes the client secret back does not put it in the error', () => {
  it.each([
    ['free text', `Client authentication failed: secret ${SECRET} does not match`],
    ['a form body', `bad request: grant_type=client_credentials&client_id=app&client_secret=${SECRET}`],
    ['a quoted value', `client 'app' with secret '${SECRET}' is disabled`],
  ])('in error_description as %s', async (_, description) => {
    for (const post of [false, true]) {
      const err = await tokenFailure(401, { error: 'invalid_client', error_description: description }, post)
      const shown = everythingShown(err)
      expect(shown).toContain('invalid_client')
      expect(shown).not.toContain(SECRET)
    }
  })
})
