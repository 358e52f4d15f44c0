import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { bodySnippet, isSecretKey, redactText, redactUrl } from '../../src/internal/redact.js'

const SECRET = 'S3CRET-value-9f2c'
// Every key the URL redactor treats as secret, as a server may echo it back in an error body.
const KEYS = ['token', 'secret', 'signature', 'sig', 'auth', 'passwd', 'apikey', 'oauth_signature', 'client_secret']

describe('free text is redacted with the same secret keys as URLs', () => {
  it.each(KEYS)('hides %s=… in an echoed URL or form body', (key) => {
    expect(isSecretKey(key)).toBe(true)
    const url = `https://api.example.test/v3.0/users?${key}=${SECRET}&limit=100`
    expect(redactUrl(url)).not.toContain(SECRET)
    const echoed = `<html><body>404: no route for GET ${url}</body></html>`
    expect(redactText(echoed)).not.toContain(SECRET)
    expect(bodySnippet(echoed)).not.toContain(SECRET)
    expect(redactText(echoed)).toContain('limit=100')
  })

  it.each(KEYS)('hides "%s": … in an echoed JSON body', (key) => {
    expect(redactText(`{"error":"bad","${key}":"${SECRET}"}`)).not.toContain(SECRET)
  })

  it('leaves words that merely end in a secret key alone', () => {
    expect(redactText('next_token=abc page_sig=1')).toBe('next_token=abc page_sig=1')
  })
})

describe('configuration errors about a URL do not repeat its secrets', () => {
  it('a OneRoster baseUrl that is not a URL is quoted redacted', async () => {
    const { createOneRosterClient } = await import('../../src/providers/oneroster/index.js')
    let caught: unknown
    try {
      createOneRosterClient({
        baseUrl: `sis.example.test/ims/oneroster?api_key=${SECRET}`,
        version: '1.1',
        auth: { type: 'bearer', token: 't' },
      })
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(Error)
    expect(String((caught as Error).message)).toContain('is not a valid absolute URL')
    expect(JSON.stringify([(caught as Error).message, (caught as { toJSON(): unknown }).toJSON()])).not.toContain(
      SECRET,
    )
    // What a logger prints, the cause chain included.
    expect(inspect(caught, { depth: 8 })).not.toContain(SECRET)
  })

  it('an HTTP baseUrl or OAuth 2 tokenUrl that is not a URL keeps no trace of it', async () => {
    const { createHttpClient } = await import('../../src/transport/index.js')
    const { createOAuth2ClientCredentialsAuth } = await import('../../src/auth/index.js')
    const bad = `sis.example.test/token?client_secret=${SECRET}`
    for (const make of [
      () => createHttpClient({ baseUrl: bad, provider: 'oneroster' }),
      () => createOAuth2ClientCredentialsAuth({ tokenUrl: bad, clientId: 'a', clientSecret: 'b' }),
    ]) {
      let caught: unknown
      try {
        make()
      } catch (error) {
        caught = error
      }
      expect(caught).toBeInstanceOf(Error)
      expect(inspect(caught, { depth: 8 })).not.toContain(SECRET)
    }
  })
})
