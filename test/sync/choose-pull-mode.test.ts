import { describe, expect, it } from 'vitest'
import { choosePullMode, type PullModeInput } from '../../src/sync/choose-pull-mode.js'

const NOW = '2026-03-10T02:00:00.000Z'
const DAY = 86_400_000
const base: PullModeInput = {
  state: { formatVersion: 1, cursor: 'c7', lastFullSyncAt: '2026-03-08T02:00:00.000Z' },
  supportsIncremental: true,
  forceFull: false,
  fullSyncEvery: 7 * DAY,
  now: NOW,
}

describe('choosePullMode', () => {
  it('pulls incrementally from the cursor when a full sync is not due', () => {
    expect(choosePullMode(base)).toMatchObject({ mode: 'incremental', since: 'c7' })
  })

  it.each([
    ['asked for', { forceFull: true }, /requested/],
    ['the source cannot', { supportsIncremental: false }, /only supports full/],
    ['no cursor yet', { state: { formatVersion: 1 as const } }, /no earlier sync/],
    ['the weekly full sync is due', { now: '2026-03-16T02:00:00.000Z' }, /scheduled full sync is due/],
    ['no full sync on record', { state: { formatVersion: 1 as const, cursor: 'c7' } }, /no full sync on record/],
  ])('pulls in full when %s', (_, change, reason) => {
    const decision = choosePullMode({ ...base, ...change })
    expect(decision.mode).toBe('full')
    expect(decision.since).toBeUndefined()
    expect(decision.reason).toMatch(reason)
  })

  it('never schedules a full sync when fullSyncEvery is 0', () => {
    expect(choosePullMode({ ...base, fullSyncEvery: 0, now: '2030-01-01T00:00:00Z' }).mode).toBe('incremental')
  })

  it('finishes an interrupted full run in full, and resumes an interrupted incremental run from its cursor', () => {
    const checkpoint = { phase: 'pull' as const, startedAt: NOW, interruptedAt: NOW }
    expect(choosePullMode({ ...base, state: { ...base.state, checkpoint: { ...checkpoint, full: true } } }).mode).toBe(
      'full',
    )
    const resumed = choosePullMode({
      ...base,
      state: { ...base.state, checkpoint: { ...checkpoint, full: false, since: 'c6' } },
    })
    expect(resumed).toMatchObject({ mode: 'incremental', since: 'c6' })
    expect(resumed.reason).toMatch(/resuming/)
  })
})
