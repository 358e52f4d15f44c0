import type { ActionCounts } from '../merge/index.js'
import type { ReportRecordRef, SyncReportData } from './report-data.js'
import {
  ACTION_COLUMNS,
  applyTotals,
  countNoun,
  describeMode,
  describePhases,
  describeSource,
  describeWaits,
  formatCount,
  formatDuration,
  hasActions,
  type ReportRenderOptions,
  resolveRenderOptions,
} from './report-format.js'
import {
  describeDecision,
  describeIncomplete,
  describeNotOffered,
  describePolicy,
  groupArchiveBlocks,
  POLICY_COLUMNS,
} from './report-view.js'
import { SOURCE_EXAMPLES_SHOWN } from './source-issues-step.js'

/**
 * The plain-text rendering of a sync report, for a terminal or a plain-text email: the decision
 * first, then what changes, then the detail.
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

function columns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = []
  for (const row of rows) {
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, cell.length)
  }
  return rows.map((row) =>
    `  ${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')}`.trimEnd(),
  )
}

function describeRef(r: ReportRecordRef): string {
  const where = [r.role, r.school].filter(Boolean).join(', ')
  return `${r.name} (${r.entity} ${r.sourcedId}${where ? `; ${where}` : ''})`
}

/** The line under a capped list: how many it left out, and where the rest are. */
function more(total: number, shown: number, inJson = total): string[] {
  if (total <= shown) return []
  const where = inJson >= total ? 'every one is in the JSON report' : `the JSON report lists ${formatCount(inJson)}`
  return [`  … and ${formatCount(total - shown)} more (${where})`]
}

/**
 * Renders a sync report as plain text.
 * @param data - the report's data
 * @param options - time zone and how many records each section lists
 * @throws {ConfigurationError} when the options are invalid
 */
export function renderReportText(data: SyncReportData, options?: ReportRenderOptions): string {
  const o = resolveRenderOptions(options)
  const limit = o.listLimit
  const out: string[] = []
  const decision = describeDecision(data)
  out.push(data.headline, '')
  out.push(`${decision.title.toUpperCase()}. ${decision.summary}`)
  if (data.error) {
    out.push(`  ${data.error.message}`)
    if (data.error.hint) out.push(`  What to do: ${data.error.hint}`)
    if (data.error.code) out.push(`  (${data.error.code})`)
  }
  for (const hold of data.holds) out.push(`  - ${hold.message}`, `    To release: ${hold.release}`)
  const incomplete = describeIncomplete(decision)
  const notOffered = describeNotOffered(decision)
  if (incomplete) out.push(`  - ${incomplete}`)
  if (notOffered) out.push(`  - ${notOffered}`)

  out.push('')
  if (data.source.district) out.push(`District:  ${data.source.district}`)
  out.push(`Source:    ${describeSource(data.source)}`)
  out.push(`Operation: ${data.operation} (outcome: ${data.outcome})`)
  out.push(`Mode:      ${describeMode(data.mode, o)}`)
  out.push(`Started:   ${o.time(data.timing.startedAt)}`)
  const phases = describePhases(data.timing.phasesMs)
  out.push(`Duration:  ${formatDuration(data.timing.durationMs)}${phases ? ` (${phases})` : ''}`)

  const p = data.plan
  if (p) {
    const done = data.outcome === 'applied' || data.outcome === 'partially-applied'
    out.push(
      '',
      `${done ? 'What changed' : 'What would change'} (${p.incoming === 'delta' ? 'from changes only' : 'from the whole roster'})`,
    )
    const byEntity = countsTable('entity', Object.entries(p.byEntity))
    const byRole = countsTable('role', Object.entries(p.byRole))
    out.push(...(byEntity.length > 0 ? byEntity : ['  no records']))
    if (byRole.length > 0) out.push('', ...byRole)
    const c = p.changes
    if (c.archives.length > 0) {
      out.push('', `To archive: ${countNoun(c.archives.length + c.omitted.archives, 'record')}`)
      out.push(
        ...columns(
          c.archives
            .slice(0, limit)
            .map((a) => [
              a.name,
              `${a.entity} ${a.sourcedId}`,
              a.role ?? '',
              a.school ?? '',
              a.reason === 'absent' ? 'gone from the source' : 'deleted at the source',
            ]),
        ),
      )
      out.push(...more(c.archives.length + c.omitted.archives, limit, c.archives.length))
    }
    if (c.updates.length > 0) {
      out.push('', `To update: ${countNoun(c.updates.length + c.omitted.updates, 'record')}`)
      for (const u of c.updates.slice(0, limit)) {
        const flags = [u.linked ? 'linked to the source' : '', u.restored ? 'restored' : ''].filter(Boolean).join(', ')
        out.push(`  ${describeRef(u)}${flags ? ` [${flags}]` : ''}`)
        for (const f of u.fields) out.push(`      ${f.field}: ${f.before} → ${f.after}`)
      }
      out.push(...more(c.updates.length + c.omitted.updates, limit, c.updates.length))
    }
    if (c.creates.length > 0) {
      out.push('', `To create: ${countNoun(c.creates.length + c.omitted.creates, 'record')}`)
      out.push(
        ...columns(
          c.creates.slice(0, limit).map((r) => [r.name, `${r.entity} ${r.sourcedId}`, r.role ?? '', r.school ?? '']),
        ),
      )
      out.push(...more(c.creates.length + c.omitted.creates, limit, c.creates.length))
    }
    if (c.skips.length > 0) {
      out.push('', 'Left alone, by reason')
      for (const g of c.skips) {
        const entities = Object.entries(g.byEntity)
          .map(([entity, n]) => `${formatCount(n ?? 0)} ${entity}`)
          .join(', ')
        out.push(`  ${formatCount(g.count).padStart(7)}  ${g.label} (${entities})`)
        for (const ex of g.examples.slice(0, 3))
          out.push(`           e.g. ${describeRef(ex)}${ex.detail ? `: ${ex.detail}` : ''}`)
      }
    }
    if (p.archiveBlocks.length > 0) {
      out.push('', 'Archives withheld')
      for (const line of groupArchiveBlocks(p.archiveBlocks)) out.push(`  - ${line}`)
    }
    if (p.conflicts.length > 0) {
      out.push('', 'Conflicts (nothing is written for these; a person decides)')
      for (const cf of p.conflicts) out.push(`  - ${cf.entity} ${cf.key} (${cf.reason}): ${cf.detail}`)
    }

    const s = p.schools
    if (s.unmatched.length > 0 || s.matched.length > 0) {
      out.push('', `Schools: ${formatCount(s.matched.length)} matched, ${formatCount(s.unmatched.length)} to assign`)
      if (s.unmatched.length > 0) {
        out.push(
          ...columns([
            ['school to assign', 'identifier', 'sourcedId', 'classes waiting', 'enrollments waiting'],
            ...s.unmatched
              .slice(0, limit)
              .map((u) => [
                u.name,
                u.identifier ?? '',
                u.sourcedId,
                formatCount(u.heldClasses),
                formatCount(u.heldEnrollments),
              ]),
          ]),
        )
        out.push(...more(s.unmatched.length, limit))
      }
      if (s.matched.length > 0) {
        out.push(
          ...columns([
            ['matched school', 'sourcedId', 'host id', 'matched by'],
            ...s.matched.slice(0, limit).map((m) => [m.name, m.sourcedId, m.hostId, m.matchedBy]),
          ]),
        )
        out.push(...more(s.matched.length, limit))
      }
    }
  }

  const si = data.sourceIssues
  if (si) {
    out.push(
      '',
      `Source issues: ${countNoun(si.bySeverity.error, 'error')}, ${countNoun(si.bySeverity.warning, 'warning')}, ${countNoun(si.bySeverity.info, 'note')}`,
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
    const quarantined = v.quarantinedTotal > 0 ? `, ${countNoun(v.quarantinedTotal, 'record')} quarantined` : ''
    out.push('', `Validation: ${countNoun(v.errors, 'error')}, ${countNoun(v.warnings, 'warning')}${quarantined}`)
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
      for (const q of v.quarantined.slice(0, limit)) out.push(`    ${q.entity} ${q.sourcedId}: ${q.reason}`)
      out.push(...more(v.quarantinedTotal, Math.min(limit, v.quarantined.length), v.quarantined.length))
    }
  }

  if (data.pull) {
    out.push('', `Pull (${data.pull.complete ? 'complete' : 'INCOMPLETE'})`)
    const rows = data.pull.collections.map((c) => [
      c.collection,
      `${formatCount(c.received)}${c.expected === undefined ? '' : ` of ${formatCount(c.expected)}`}`,
      c.state === 'complete'
        ? 'complete'
        : c.state === 'not-offered'
          ? 'not offered'
          : `INCOMPLETE${c.reason ? `: ${c.reason}` : ''}`,
    ])
    out.push(...columns(rows))
    out.push(`  ${describeWaits(data.pull)}`)
  }

  if (data.apply) {
    const { written, failed } = applyTotals(data.apply)
    const state = data.apply.aborted ? 'cancelled part-way' : data.apply.complete ? 'complete' : 'incomplete'
    out.push('', `Apply (${state}): ${countNoun(written, 'record')} written, ${formatCount(failed)} refused`)
    for (const f of data.apply.failures) out.push(`  - ${f.entity} ${f.operation} ${f.key}: ${f.error}`)
  }

  if (data.policy && data.plan) {
    const policy = describePolicy(data.policy)
    out.push('', 'Policy')
    out.push(...columns([[...POLICY_COLUMNS], ...policy.rows]))
    for (const line of policy.lines) out.push(`  ${line}`)
  }

  if (data.notes.length > 0) {
    out.push('', 'Notes')
    for (const note of data.notes) out.push(`  - ${note}`)
  }
  out.push('', `Times in ${o.timeZone}. ${data.operation} report, format ${data.formatVersion}.`)
  return `${out.join('\n')}\n`
}
