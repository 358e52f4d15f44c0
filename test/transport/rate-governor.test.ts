import { describe, expect, it } from 'vitest'
import { createRateGovernor } from '../../src/transport/index.js'

function fakeClock() {
  let now = 0
  const waits: number[] = []
  return {
    now: () => now,
    sleep: async (ms: number) => {
      waits.push(ms)
      now += ms
    },
    waits,
    advance: (ms: number) => {
      now += ms
    },
  }
}

describe('rate governor', () => {
  it('admits `requests` per interval and makes the next one wait for the window', async () => {
    const clock = fakeClock()
    const governor = createRateGovernor({ requests: 3, intervalMs: 60_000, now: clock.now, sleep: clock.sleep })
    for (let i = 0; i < 3; i++) expect(await governor.acquire()).toBe(0)
    clock.advance(10_000)
    expect(await governor.acquire()).toBe(50_000)
    expect(clock.waits).toEqual([50_000])
  })

  it('serves waiters in order and pauses everyone after a 429', async () => {
    const clock = fakeClock()
    const governor = createRateGovernor({ requests: 100, intervalMs: 1000, now: clock.now, sleep: clock.sleep })
    governor.pause(5000)
    const waited = await Promise.all([governor.acquire(), governor.acquire()])
    expect(waited).toEqual([5000, 0])
  })

  it('rejects when the signal aborts while waiting', async () => {
    const controller = new AbortController()
    const governor = createRateGovernor({
      requests: 1,
      intervalMs: 1000,
      now: () => 0,
      sleep: async () => {
        controller.abort()
        throw new Error('aborted')
      },
    })
    await governor.acquire()
    await expect(governor.acquire(controller.signal)).rejects.toThrow()
  })

  it('refuses nonsense limits', () => {
    expect(() => createRateGovernor({ requests: 0, intervalMs: 1000 })).toThrow(/positive/)
  })
})
