import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { inspect } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCleverClient } from '../../src/clever.js'
import { createRosterSync, isRosterkitError, type RosterSource } from '../../src/index.js'
import { createOneRosterClient, type OneRosterAuth } from '../../src/oneroster.js'
import { MemoryRosterStore } from '../../src/testing/index.js'
import type { TransportHooks } from '../../src/transport/index.js'

// A canary secret is planted in every auth mode; a hostile server then quotes it back in every way
// it can (raw, base64, percent- and form-encoded, JSON- and HTML-escaped, as a decoded Basic header,
// in a redirect), and answers every failure it can. The canary must appear nowhere that text leaves
// rosterkit: messages, toJSON, util.inspect of the error and its causes, diagnoses, hooks, reports.

const CANARY = "cAn4ry-s3cr3t+/=q'v 9"
const TOKEN_CANARY = 'tOk3n-canary-Zx81/+='
const APP_ID = 'app-id-41'

function formUrlEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[-_.!~*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replaceAll('%20', '+')
}
const b64 = (text: string) => Buffer.from(text).toString('base64')

/** Every way a secret could show up; none may. */
const formsOf = (secrets: readonly string[]) =>
  secrets.flatMap((secret) => [
    secret,
    encodeURIComponent(secret),
    formUrlEncode(secret),
    encodeURIComponent(secret).toLowerCase(),
    b64(secret),
    b64(`${APP_ID}:${secret}`),
    b64(`${APP_ID}:${formUrlEncode(secret)}`),
    JSON.stringify(secret).slice(1, -1),
  ])

type Style = (text: string, req: IncomingMessage) => { type: string; body: string }
const htmlEscape = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll("'", '&#39;')
const STYLES: Record<string, Style> = {
  plain: (t) => ({ type: 'text/plain', body: t }),
  json: (t) => ({ type: 'application/json', body: JSON.stringify({ error: 'invalid_client', error_description: t }) }),
  html: (t) => ({ type: 'text/html', body: `<!DOCTYPE html><html><body><p>${htmlEscape(t)}</p></body></html>` }),
  percent: (t) => ({ type: 'text/plain', body: `rejected: ${encodeURIComponent(t)}` }),
  form: (t) => ({ type: 'text/plain', body: `rejected=${formUrlEncode(t)}` }),
  base64: (t) => ({ type: 'application/json', body: JSON.stringify({ message: 'rejected', echo: b64(t) }) }),
  basic: (_t, req) => {
    // What the server received, decoded: `id:secret` of a Basic header, or the bearer token.
    const auth = req.headers.authorization ?? ''
    const decoded = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString() : auth.slice(7)
    return { type: 'application/json', body: JSON.stringify({ message: `credentials ${decoded} are not valid` }) }
  },
}
/** The text every style wraps: the secrets quoted bare, as a misconfigured server does. */
const ECHO = `secret ${CANARY} and token ${TOKEN_CANARY} rejected (${b64(`${APP_ID}:${CANARY}`)})`

type Answer =
  | { kind: 'status'; status: number; style: string }
  | { kind: 'redirect' }
  | { kind: 'ok-token' }
  | { kind: 'ok-tokens' }

let server: Server
let origin = ''
const sockets = new Set<Socket>()
let dataAnswer: Answer = { kind: 'status', status: 401, style: 'plain' }
let tokenAnswer: Answer = { kind: 'ok-token' }

function reply(res: ServerResponse, req: IncomingMessage, answer: Answer): void {
  if (answer.kind === 'redirect') {
    res.writeHead(302, { location: `https://elsewhere.example/${encodeURIComponent(CANARY)}?t=${TOKEN_CANARY}` })
    res.end()
    return
  }
  if (answer.kind === 'ok-token') {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ access_token: TOKEN_CANARY, token_type: 'bearer', expires_in: 3600 }))
    return
  }
  if (answer.kind === 'ok-tokens') {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(
      JSON.stringify({
        data: [
          {
            id: 't00000000000000000000001',
            created: new Date(0).toISOString(),
            owner: { type: 'district', id: 'd1' },
            access_token: TOKEN_CANARY,
            scopes: ['read:students'],
          },
        ],
      }),
    )
    return
  }
  const { type, body } = STYLES[answer.style]!(ECHO, req)
  res.writeHead(answer.status, { 'content-type': type, 'www-authenticate': `Bearer error="${TOKEN_CANARY}"` })
  res.end(body)
}

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!
      const isToken = path === '/oauth/token' || path === '/oauth/tokens'
      reply(res, req, isToken ? tokenAnswer : dataAnswer)
    })
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  for (const s of sockets) s.destroy()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

function hooksInto(events: unknown[]): TransportHooks {
  return {
    onRequest: (e) => events.push(e),
    onResponse: (e) => events.push(e),
    onRetry: (e) => events.push(e),
    onThrottle: (e) => events.push(e),
  }
}

/** Everything a host could print or store about an error. */
function shownError(error: unknown): string {
  if (!isRosterkitError(error)) throw new Error(`expected a rosterkit error, got ${inspect(error)}`)
  return [
    error.message,
    String(error),
    error.stack,
    JSON.stringify(error.toJSON()),
    inspect(error, { depth: 12 }),
  ].join('\n')
}

let forbidden = formsOf([CANARY])

function expectNoCanary(text: string, where: string): void {
  for (const form of forbidden) {
    if (text.includes(form)) throw new Error(`${where} shows the canary as ${JSON.stringify(form)}:\n${text}`)
  }
}

type Mode = {
  name: string
  token: Answer | undefined
  source: (events: unknown[]) => RosterSource
  /** The client received the token canary, so it must hide it too. */
  receivesToken?: boolean
}

const oneRoster = (auth: OneRosterAuth) => (events: unknown[]) =>
  createOneRosterClient({
    baseUrl: origin,
    version: '1.2',
    auth,
    allowInsecureLoopback: true,
    maxRetries: 1,
    sleep: async () => {},
    hooks: hooksInto(events),
  })
const clever = (credentials: Parameters<typeof createCleverClient>[0]) => (events: unknown[]) =>
  createCleverClient(credentials, {
    baseUrl: origin,
    tokensUrl: `${origin}/oauth/tokens`,
    allowInsecureLoopback: true,
    maxRetries: 1,
    sleep: async () => {},
    hooks: hooksInto(events),
  })

const MODES: Mode[] = [
  { name: 'OneRoster bearer', token: undefined, source: oneRoster({ type: 'bearer', token: CANARY }) },
  {
    name: 'OneRoster OAuth 1',
    token: undefined,
    source: oneRoster({ type: 'oauth1', clientId: APP_ID, clientSecret: CANARY }),
  },
  ...(['basic', 'post'] as const).flatMap((how) => [
    {
      name: `OneRoster OAuth 2 (${how}), token endpoint fails`,
      token: { kind: 'status', status: 401, style: '' } as Answer,
      source: (events: unknown[]) =>
        oneRoster({
          type: 'oauth2',
          clientId: APP_ID,
          clientSecret: CANARY,
          tokenUrl: `${origin}/oauth/token`,
          clientAuthentication: how === 'basic' ? 'client_secret_basic' : 'client_secret_post',
        })(events),
    },
    {
      name: `OneRoster OAuth 2 (${how}), data fails`,
      token: { kind: 'ok-token' } as Answer,
      receivesToken: true,
      source: (events: unknown[]) =>
        oneRoster({
          type: 'oauth2',
          clientId: APP_ID,
          clientSecret: CANARY,
          tokenUrl: `${origin}/oauth/token`,
          clientAuthentication: how === 'basic' ? 'client_secret_basic' : 'client_secret_post',
        })(events),
    },
  ]),
  { name: 'Clever district token', token: undefined, source: clever({ token: CANARY }) },
  {
    name: 'Clever app credentials, tokens endpoint fails',
    token: { kind: 'status', status: 401, style: '' },
    source: clever({ clientId: APP_ID, clientSecret: CANARY }),
  },
  {
    name: 'Clever app credentials, data fails',
    token: { kind: 'ok-tokens' },
    receivesToken: true,
    source: clever({ clientId: APP_ID, clientSecret: CANARY }),
  },
]

const FAILURES: Array<[string, number | 'redirect']> = [
  ['plain', 401],
  ['json', 400],
  ['html', 403],
  ['percent', 404],
  ['form', 500],
  ['base64', 401],
  ['basic', 401],
  ['html', 200],
  ['json', 200],
  ['redirect', 'redirect'],
]

describe.each(MODES)('$name', (mode) => {
  it.each(FAILURES)('a %s echo with %s leaks nothing', async (style, status) => {
    const answer: Answer = status === 'redirect' ? { kind: 'redirect' } : { kind: 'status', status, style }
    // The failure goes where the mode makes it happen: the token endpoint or the data endpoint.
    const tokenFails = mode.token?.kind === 'status'
    tokenAnswer = tokenFails ? answer : (mode.token ?? { kind: 'ok-token' })
    dataAnswer = tokenFails ? { kind: 'ok-token' } : answer
    if (status === 200 && style === 'json' && !tokenFails) {
      // A 200 that is JSON but not the data: a shape error carrying the echo.
      dataAnswer = { kind: 'status', status: 200, style: 'json' }
    }
    forbidden = formsOf(mode.receivesToken === true ? [CANARY, TOKEN_CANARY] : [CANARY])
    const events: unknown[] = []
    const source = mode.source(events)

    const pulled = await source.pull().then(
      () => undefined,
      (error: unknown) => error,
    )
    expect(pulled).toBeDefined()
    expectNoCanary(shownError(pulled), 'the pull error')

    const diagnosis = await source.testConnection()
    expect(diagnosis.ok).toBe(false)
    expectNoCanary(JSON.stringify(diagnosis), 'the diagnosis')

    const sync = await createRosterSync({ source, store: new MemoryRosterStore() }).run()
    expect(sync.outcome).toBe('failed')
    expectNoCanary(
      [
        sync.report.toText(),
        sync.report.toHtml(),
        JSON.stringify(sync.report.data),
        inspect(sync.error, { depth: 12 }),
      ].join('\n'),
      'the sync report',
    )
    expectNoCanary(JSON.stringify(events), 'the hooks')
  })
})

describe('a secret in a URL field is never quoted', () => {
  const bearer = { type: 'bearer', token: 'x-token-1' } as const
  it.each([
    ['a secret pasted as the base URL', () => createOneRosterClient({ baseUrl: CANARY, version: '1.1', auth: bearer })],
    [
      'user:password@ in the base URL',
      () =>
        createOneRosterClient({
          baseUrl: `https://${APP_ID}:${encodeURIComponent(CANARY)}@sis.example.test/`,
          version: '1.1',
          auth: bearer,
        }),
    ],
    [
      "a password with '/' in the base URL",
      () =>
        createOneRosterClient({
          baseUrl: `https://${APP_ID}:ab/${CANARY}@sis.example.test/`,
          version: '1.1',
          auth: bearer,
        }),
    ],
    [
      'user:password@ in the token URL',
      () =>
        createOneRosterClient({
          baseUrl: 'https://sis.example.test/',
          version: '1.2',
          auth: {
            type: 'oauth2',
            clientId: APP_ID,
            clientSecret: 'another-secret',
            tokenUrl: `https://${APP_ID}:${encodeURIComponent(CANARY)}@sis.example.test/token`,
          },
        }),
    ],
    [
      "a password with '/' in the Clever tokens URL",
      () =>
        createCleverClient(
          { clientId: APP_ID, clientSecret: 'another-secret' },
          { tokensUrl: `https://${APP_ID}:ab/${CANARY}@clever.example.test/oauth/tokens` },
        ).pull(),
    ],
  ])('%s', async (_, make) => {
    forbidden = formsOf([CANARY])
    let caught: unknown
    try {
      await make()
    } catch (error) {
      caught = error
    }
    expect(isRosterkitError(caught)).toBe(true)
    expectNoCanary(shownError(caught), 'the configuration error')
  })
})
