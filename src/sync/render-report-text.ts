import type { ActionCounts } from '../merge/index.js'
import type { SyncReportData } from './report-data.js'
import {
  ACTION_COLUMNS,
  applyTotals,
  describeMode,
  describePhases,
  describeSource,
  describeWaits,
  formatCount,
  formatDuration,
  hasActions,
} from './report-format.js'
import { SOURCE_EXAMPLES_SHOWN } from './source-issues-step.js'

/**
 * The plain-text rendering of a sync report: fixed-width tables, fit for a terminal or the body of
 * a plain-text email.
 *
 * @module
 */

function countsTable(title: string, rows: ReadonlyArray<readonly [string, ActionCounts]>): string[] {
  const shown = rows.filter(([, counts]) => hasActions(counts))
  if (shown.length === 0) return []
  const nameWidth = Math.max(title.length, ...shown.map(([name]) => name.length))
  const cells = (values: readonly string[]) => values.map((v) => v.padStart(10)).join('')
  const lines = [`  ${title.padEnd(nameWidth)}${cells(ACTION_COLUMNS)}`]
  for (const [name, counts] of shown) {
    lines.push(`  ${name.padEnd(nameWidth)}${cells(ACTION_COLUMNS.map((kind) => formatCount(counts[kind])))}`)
  }
  return lines
}

/**
 * Renders a sync report as plain text.
 * @param data - the report's data
 */
export function renderReportText(data: SyncReportData): string {
  const out: string[] = []
  out.push(`rosterkit sync report: ${data.headline}`, '')
  out.push(`Source:    ${describeSource(data.source)}`)
  out.push(`Operation: ${data.operation} (outcome: ${data.outcome})`)
  out.push(`Mode:      ${describeMode(data.mode)}`)
  out.push(`Started:   ${data.timing.startedAt}`)
  const phases = describePhases(data.timing.phasesMs)
  out.push(`Duration:  ${formatDuration(data.timing.durationMs)}${phases ? ` (${phases})` : ''}`)

  if (data.error) {
    out.push('', 'Error')
    out.push(`  ${data.error.code ?? data.error.name}: ${data.error.message}`)
    if (data.error.hint) out.push(`  What to do: ${data.error.hint}`)
  }

  if (data.holds.length > 0) {
    out.push('', 'Waiting for a person')
    for (const hold of data.holds) out.push(`  - ${hold.message}`, `    To release: ${hold.release}`)
  }

  if (data.pull) {
    out.push('', `Pull (${data.pull.complete ? 'complete' : 'INCOMPLETE'})`)
    const width = Math.max(...data.pull.collections.map((c) => c.collection.length), 10)
    for (const c of data.pull.collections) {
      const expected = c.expected === undefined ? '' : ` of ${formatCount(c.expected)}`
      const state = c.complete ? '' : `  incomplete${c.reason ? `: ${c.reason}` : ''}`
      out.push(`  ${c.collection.padEnd(width)}  ${formatCount(c.received).padStart(9)}${expected}${state}`)
    }
    out.push(`  ${describeWaits(data.pull)}`)
  }

  const si = data.sourceIssues
  if (si) {
    out.push(
      '',
      `Source issues: ${formatCount(si.bySeverity.error)} errors, ${formatCount(si.bySeverity.warning)} warnings, ${formatCount(si.bySeverity.info)} notes`,
    )
    for (const group of si.byCode) {
      out.push(`  ${group.severity.toUpperCase().padEnd(7)} ${group.code} x${formatCount(group.count)}`)
      for (const ex of group.examples.slice(0, SOURCE_EXAMPLES_SHOWN)) {
        const at = [ex.location, ex.sourcedId].filter(Boolean).join(' ')
        out.push(`          ${at ? `${at}: ` : ''}${ex.message}`)
      }
    }
  }

  const v = data.validation
  if (v) {
    const quarantined = v.quarantinedTotal > 0 ? `, ${formatCount(v.quarantinedTotal)} records quarantined` : ''
    out.push('', `Validation: ${formatCount(v.errors)} errors, ${formatCount(v.warnings)} warnings${quarantined}`)
    for (const reason of v.blockReasons) out.push(`  BLOCKED: ${reason}`)
    for (const group of v.byCode) {
      out.push(`  ${group.severity.toUpperCase().padEnd(7)} ${group.code} x${formatCount(group.count)}`)
      if (group.hint) out.push(`          hint: ${group.hint}`)
      for (const ex of group.examples) {
        const where = [ex.entity, ex.sourcedId, ex.path].filter(Boolean).join(' ')
        out.push(`          ${where}: ${ex.message}`)
      }
    }
    if (v.quarantined.length > 0) {
      out.push('  Quarantined records')
      for (const q of v.quarantined) out.push(`    ${q.entity} ${q.sourcedId}: ${q.reason}`)
      if (v.quarantinedTotal > v.quarantined.length) {
        out.push(`    … and ${formatCount(v.quarantinedTotal - v.quarantined.length)} more`)
      }
    }
  }

  const p = data.plan
  if (p) {
    out.push('', `Changes (${p.incoming === 'delta' ? 'from changes only' : 'from the whole roster'})`)
    const byEntity = countsTable('entity', Object.entries(p.byEntity))
    const byRole = countsTable('role', Object.entries(p.byRole))
    out.push(...(byEntity.length > 0 ? byEntity : ['  no records']))
    if (byRole.length > 0) out.push('', ...byRole)
    if (p.archiveBlocks.length > 0) {
      out.push('', 'Archives withheld')
      for (const b of p.archiveBlocks) out.push(`  - ${b.entity}: ${b.reason}`)
    }
    if (p.schools.unmatched.length > 0) {
      out.push('', 'Schools to assign')
      for (const s of p.schools.unmatched) {
        const id = s.identifier ? ` [${s.identifier}]` : ''
        out.push(
          `  - ${s.name}${id} (${s.sourcedId}): ${formatCount(s.heldClasses)} classes and ${formatCount(s.heldEnrollments)} enrollments held`,
        )
      }
    }
    if (p.conflicts.length > 0) {
      out.push('', 'Conflicts')
      for (const c of p.conflicts) out.push(`  - ${c.entity} ${c.key} (${c.reason}): ${c.detail}`)
    }
  }

  if (data.apply) {
    const { written, failed } = applyTotals(data.apply)
    const state = data.apply.aborted ? 'cancelled part-way' : data.apply.complete ? 'complete' : 'incomplete'
    out.push('', `Apply (${state}): ${formatCount(written)} records written, ${formatCount(failed)} refused`)
    for (const f of data.apply.failures) out.push(`  - ${f.entity} ${f.operation} ${f.key}: ${f.error}`)
  }

  if (data.notes.length > 0) {
    out.push('', 'Notes')
    for (const note of data.notes) out.push(`  - ${note}`)
  }
  return `${out.join('\n')}\n`
}
