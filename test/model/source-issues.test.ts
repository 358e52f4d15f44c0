import { describe, expect, it } from 'vitest'
import { createRoster, createSourceIssueCollector, parseRoster } from '../../src/model/index.js'

describe('createSourceIssueCollector', () => {
  it('counts every issue by code and severity but keeps only the first samples of each code', () => {
    const collector = createSourceIssueCollector(2)
    for (let i = 0; i < 5; i++) {
      collector.add({ code: 'row_too_short', severity: 'error', message: `row ${i}`, location: `users.csv:${i + 2}` })
    }
    collector.add({ code: 'null-value', severity: 'warning', message: 'null', collection: 'users', sourcedId: 'u1' })
    const summary = collector.summary()
    expect(summary.total).toBe(6)
    expect(summary.bySeverity).toEqual({ error: 5, warning: 1, info: 0 })
    expect(summary.byCode.row_too_short).toEqual({ severity: 'error', count: 5 })
    expect(summary.samples.map((s) => s.message)).toEqual(['row 0', 'row 1', 'null'])
  })

  it('reports a code seen at two severities at the worse one', () => {
    const collector = createSourceIssueCollector()
    collector.add({ code: 'x', severity: 'info', message: 'a' })
    collector.add({ code: 'x', severity: 'error', message: 'b' })
    collector.add({ code: 'x', severity: 'warning', message: 'c' })
    expect(collector.summary().byCode.x).toEqual({ severity: 'error', count: 3 })
  })

  it('travels on a roster and survives the roster schema', () => {
    const collector = createSourceIssueCollector()
    collector.add({ code: 'x', severity: 'warning', message: 'a', collection: 'users', action: 'skipped' })
    const roster = createRoster({ source: { kind: 'oneroster-csv' }, sourceIssues: collector.summary() })
    expect(parseRoster(JSON.parse(JSON.stringify(roster))).sourceIssues?.byCode.x?.count).toBe(1)
  })
})
