import { afterEach, describe, expect, it } from 'vitest'
import { anySignal } from '../../src/internal/any-signal.js'

describe('anySignal', () => {
  const native = (AbortSignal as { any?: unknown }).any
  afterEach(() => {
    ;(AbortSignal as { any?: unknown }).any = native
  })

  for (const mode of ['native', 'fallback (Node 20.0–20.2)'] as const) {
    it(`aborts with the first reason (${mode})`, () => {
      if (mode !== 'native') (AbortSignal as { any?: unknown }).any = undefined
      const a = new AbortController()
      const b = new AbortController()
      const signal = anySignal([a.signal, b.signal])
      expect(signal.aborted).toBe(false)
      b.abort(new Error('second'))
      expect(signal.aborted).toBe(true)
      expect((signal.reason as Error).message).toBe('second')
    })

    it(`is aborted at once when an input already is (${mode})`, () => {
      if (mode !== 'native') (AbortSignal as { any?: unknown }).any = undefined
      const a = new AbortController()
      a.abort('early')
      expect(anySignal([new AbortController().signal, a.signal]).reason).toBe('early')
    })
  }
})
