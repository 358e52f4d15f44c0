import { describe, expect, it } from 'vitest'
import {
  AuthenticationError,
  ConfigurationError,
  CsvFormatError,
  createErrorGuard,
  IncompletePullError,
  isApiError,
  isAuthenticationError,
  isConfigurationError,
  isCsvFormatError,
  isHttpError,
  isIncompletePullError,
  isNotOneRosterError,
  isRosterkitError,
  isZipUnsafeError,
  NotOneRosterError,
  RosterkitError,
  ZipUnsafeError,
} from '../src/errors.js'

const secret = 'client_secret=hunter2'

describe('RosterkitError', () => {
  it('carries a stable code, its class name and its cause', () => {
    const cause = new Error(secret)
    const error = new RosterkitError('boom', 'ROSTERKIT_ERROR', { cause })
    expect(error.code).toBe('ROSTERKIT_ERROR')
    expect(error.name).toBe('RosterkitError')
    expect(error.cause).toBe(cause)
    expect(error).toBeInstanceOf(Error)
    expect(new AuthenticationError('no', { provider: 'oneroster', method: 'GET', url: 'https://x' }).name).toBe(
      'AuthenticationError',
    )
  })

  it('never serialises its cause', () => {
    const errors: RosterkitError[] = [
      new RosterkitError('boom', 'ROSTERKIT_ERROR', { cause: new Error(secret) }),
      new AuthenticationError(
        'refused',
        { provider: 'oauth2', method: 'POST', url: 'https://id.example/token', status: 401 },
        { cause: { body: secret } },
      ),
      new ConfigurationError('bad', [{ path: ['auth', 'clientSecret'], message: 'required' }], { cause: secret }),
      new CsvFormatError('broken quote', { file: 'users.csv', line: 4 }, { cause: new Error(secret) }),
    ]
    for (const error of errors) {
      const json = JSON.stringify(error)
      expect(json).not.toContain('hunter2')
      expect(json).not.toContain('cause')
      expect(JSON.parse(json)).toMatchObject({ name: error.name, code: error.code, message: error.message })
    }
  })

  it('serialises subclass fields with string paths', () => {
    const json = new ConfigurationError('bad', [{ path: ['roles', 0], message: 'x', code: 'custom' }]).toJSON()
    expect(json.issues).toEqual([{ path: ['roles', '0'], message: 'x', code: 'custom' }])
    const http = new AuthenticationError('no', {
      provider: 'clever',
      method: 'GET',
      url: 'https://api.clever.com/v3.0/users',
      status: 401,
      requestId: 'r1',
    }).toJSON()
    expect(http).toMatchObject({ provider: 'clever', status: 401, requestId: 'r1', code: 'ROSTERKIT_AUTHENTICATION' })
    expect('retryAfterMs' in http).toBe(false)
  })

  it('keeps the partial items of an incomplete pull out of JSON', () => {
    const error = new IncompletePullError('stopped', { collection: 'users', pages: 2, items: 3 }, [{ id: 1 }])
    expect(error.partialItems).toEqual([{ id: 1 }])
    expect(Object.keys(error)).not.toContain('partialItems')
    expect(error.toJSON()).toEqual({
      name: 'IncompletePullError',
      code: 'ROSTERKIT_INCOMPLETE_PULL',
      message: 'stopped',
      progress: { collection: 'users', pages: 2, items: 3 },
    })
  })
})

describe('is* guards', () => {
  it('recognise instances by class hierarchy', () => {
    const auth = new AuthenticationError('no', { provider: 'oneroster', method: 'GET', url: 'https://x' })
    expect(isRosterkitError(auth)).toBe(true)
    expect(isHttpError(auth)).toBe(true)
    expect(isApiError(auth)).toBe(true)
    expect(isAuthenticationError(auth)).toBe(true)
    expect(isConfigurationError(auth)).toBe(false)
    const zip = new ZipUnsafeError('bomb')
    expect(isCsvFormatError(zip)).toBe(true)
    expect(isZipUnsafeError(zip)).toBe(true)
    expect(isNotOneRosterError(zip)).toBe(false)
    expect(isCsvFormatError(new NotOneRosterError('sds', 'Microsoft SDS'))).toBe(true)
    expect(isIncompletePullError(new IncompletePullError('x', { collection: 'c', pages: 0, items: 0 }))).toBe(true)
  })

  it('recognise an error from another copy of rosterkit by its brand and code', () => {
    // What the CJS build's error looks like to the ESM build: another class, the same global brand.
    class ForeignError extends Error {
      readonly code = 'ROSTERKIT_AUTHENTICATION'
    }
    const foreign = Object.assign(new ForeignError('401'), { [Symbol.for('rosterkit.error')]: true })
    expect(foreign instanceof RosterkitError).toBe(false)
    expect(isRosterkitError(foreign)).toBe(true)
    expect(isAuthenticationError(foreign)).toBe(true)
    expect(isApiError(foreign)).toBe(true)
    expect(isCsvFormatError(foreign)).toBe(false)
  })

  it('reject look-alikes without the brand, and non-errors', () => {
    const lookalike = Object.assign(new Error('x'), { code: 'ROSTERKIT_AUTHENTICATION', name: 'AuthenticationError' })
    expect(isRosterkitError(lookalike)).toBe(false)
    expect(isAuthenticationError(lookalike)).toBe(false)
    for (const value of [null, undefined, 'ROSTERKIT_ERROR', 42, {}, { [Symbol.for('rosterkit.error')]: 'yes' }]) {
      expect(isRosterkitError(value)).toBe(false)
    }
  })

  it('can be built for new codes by other layers', () => {
    const isTimeoutOrConnection = createErrorGuard('ROSTERKIT_TIMEOUT', 'ROSTERKIT_CONNECTION')
    expect(isTimeoutOrConnection(new RosterkitError('t', 'ROSTERKIT_TIMEOUT'))).toBe(true)
    expect(isTimeoutOrConnection(new RosterkitError('t', 'ROSTERKIT_SERVER'))).toBe(false)
  })
})
