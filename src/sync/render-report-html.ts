import type { ActionCounts } from '../merge/index.js'
import type { SyncOutcome, SyncReportData } from './report-data.js'
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
 * The HTML rendering of a sync report: one self-contained document with inline styles only (mail
 * clients drop `<style>` blocks and external sheets), every value escaped.
 *
 * @module
 */

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/**
 * Escapes text for HTML element content and quoted attribute values.
 * @param value - any value; it is converted to a string first
 */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c)
}

const OUTCOME_COLOURS: Readonly<Record<SyncOutcome, string>> = {
  previewed: '#1d4ed8',
  applied: '#15803d',
  'partially-applied': '#b45309',
  held: '#b45309',
  blocked: '#b91c1c',
  cancelled: '#6b7280',
  failed: '#b91c1c',
}

const S = {
  body: 'font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#111827;max-width:860px;margin:0 auto;padding:16px;font-size:14px;line-height:1.45',
  h1: 'font-size:20px;margin:0 0 8px',
  h2: 'font-size:16px;margin:24px 0 8px;border-bottom:1px solid #e5e7eb;padding-bottom:4px',
  table: 'border-collapse:collapse;margin:4px 0 8px',
  th: 'text-align:left;padding:4px 10px;border-bottom:1px solid #d1d5db;background:#f9fafb;font-weight:600',
  td: 'padding:4px 10px;border-bottom:1px solid #f3f4f6;vertical-align:top',
  num: 'padding:4px 10px;border-bottom:1px solid #f3f4f6;text-align:right;font-variant-numeric:tabular-nums',
  muted: 'color:#6b7280',
  code: 'font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px',
  warn: 'background:#fef3c7;border-left:4px solid #b45309;padding:8px 12px;margin:8px 0',
  error: 'background:#fee2e2;border-left:4px solid #b91c1c;padding:8px 12px;margin:8px 0',
} as const

const e = escapeHtml

function tag(name: string, style: string, inner: string): string {
  return `<${name} style="${style}">${inner}</${name}>`
}

function list(items: readonly string[]): string {
  return `<ul style="margin:4px 0 8px;padding-left:20px">${items.map((i) => `<li>${i}</li>`).join('')}</ul>`
}

function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>, numericFrom = 99): string {
  const head = headers.map((h, i) => tag('th', i >= numericFrom ? `${S.th};text-align:right` : S.th, e(h))).join('')
  const body = rows
    .map((row) => `<tr>${row.map((cell, i) => tag('td', i >= numericFrom ? S.num : S.td, cell)).join('')}</tr>`)
    .join('')
  return `<table style="${S.table}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`
}

function keyValueTable(rows: ReadonlyArray<readonly [string, string]>): string {
  const body = rows.map(([k, v]) => `<tr>${tag('th', S.th, e(k))}${tag('td', S.td, v)}</tr>`).join('')
  return `<table style="${S.table}"><tbody>${body}</tbody></table>`
}

function countsTable(title: string, rows: ReadonlyArray<readonly [string, ActionCounts]>): string {
  const shown = rows.filter(([, counts]) => hasActions(counts))
  if (shown.length === 0) return ''
  return table(
    [title, ...ACTION_COLUMNS],
    shown.map(([name, counts]) => [e(name), ...ACTION_COLUMNS.map((kind) => e(formatCount(counts[kind])))]),
    1,
  )
}

/**
 * Renders a sync report as a self-contained HTML document.
 * @param data - the report's data
 */
export function renderReportHtml(data: SyncReportData): string {
  const parts: string[] = []
  const colour = OUTCOME_COLOURS[data.outcome]
  parts.push(tag('h1', S.h1, `Roster sync: ${e(data.headline)}`))
  parts.push(
    keyValueTable([
      ['Source', e(describeSource(data.source))],
      [
        'Outcome',
        `<span style="color:${colour};font-weight:600">${e(data.outcome)}</span> <span style="${S.muted}">(${e(data.operation)})</span>`,
      ],
      ['Mode', e(describeMode(data.mode))],
      ['Started', e(data.timing.startedAt)],
      [
        'Duration',
        `${e(formatDuration(data.timing.durationMs))} <span style="${S.muted}">${e(describePhases(data.timing.phasesMs))}</span>`,
      ],
    ]),
  )

  if (data.error) {
    const hint = data.error.hint ? `<br>What to do: ${e(data.error.hint)}` : ''
    parts.push(
      tag('div', S.error, `<strong>${e(data.error.code ?? data.error.name)}</strong>: ${e(data.error.message)}${hint}`),
    )
  }
  if (data.holds.length > 0) {
    parts.push(
      tag(
        'div',
        S.warn,
        `<strong>Waiting for a person</strong>${list(data.holds.map((h) => `${e(h.message)}<br><span style="${S.muted}">To release: ${e(h.release)}</span>`))}`,
      ),
    )
  }

  if (data.pull) {
    parts.push(tag('h2', S.h2, `Pull ${data.pull.complete ? '' : '<span style="color:#b91c1c">(incomplete)</span>'}`))
    parts.push(
      table(
        ['collection', 'received', 'expected', 'state'],
        data.pull.collections.map((c) => [
          e(c.collection),
          e(formatCount(c.received)),
          c.expected === undefined ? '' : e(formatCount(c.expected)),
          c.complete ? 'complete' : `<span style="color:#b91c1c">incomplete</span> ${e(c.reason ?? '')}`,
        ]),
        1,
      ),
    )
    parts.push(tag('p', S.muted, e(describeWaits(data.pull))))
  }

  const si = data.sourceIssues
  if (si) {
    parts.push(
      tag(
        'h2',
        S.h2,
        `Source issues: ${e(formatCount(si.bySeverity.error))} errors, ${e(formatCount(si.bySeverity.warning))} warnings`,
      ),
      table(
        ['code', 'severity', 'count', 'examples'],
        si.byCode.map((g) => [
          tag('span', S.code, e(g.code)),
          e(g.severity),
          e(formatCount(g.count)),
          g.examples
            .slice(0, SOURCE_EXAMPLES_SHOWN)
            .map((ex) => {
              const at = [ex.location, ex.sourcedId].filter(Boolean).join(' ')
              return `${at ? `${tag('span', S.code, e(at))}: ` : ''}${e(ex.message)}`
            })
            .join('<br>'),
        ]),
      ),
    )
  }

  const v = data.validation
  if (v) {
    parts.push(
      tag(
        'h2',
        S.h2,
        `Validation: ${e(formatCount(v.errors))} errors, ${e(formatCount(v.warnings))} warnings, ${e(formatCount(v.quarantinedTotal))} quarantined`,
      ),
    )
    if (v.blockReasons.length > 0)
      parts.push(tag('div', S.error, `<strong>Blocked</strong>${list(v.blockReasons.map(e))}`))
    if (v.byCode.length > 0) {
      parts.push(
        table(
          ['code', 'severity', 'count', 'examples'],
          v.byCode.map((g) => [
            tag('span', S.code, e(g.code)) + (g.hint ? `<br><span style="${S.muted}">${e(g.hint)}</span>` : ''),
            e(g.severity),
            e(formatCount(g.count)),
            g.examples
              .map(
                (ex) =>
                  `${tag('span', S.code, e([ex.entity, ex.sourcedId, ex.path].filter(Boolean).join(' ')))}: ${e(ex.message)}`,
              )
              .join('<br>'),
          ]),
        ),
      )
    }
    if (v.quarantined.length > 0) {
      const more = v.quarantinedTotal - v.quarantined.length
      parts.push(
        tag('p', '', '<strong>Quarantined records</strong>'),
        table(
          ['entity', 'sourcedId', 'why'],
          v.quarantined.map((q) => [e(q.entity), tag('span', S.code, e(q.sourcedId)), e(q.reason)]),
        ),
        more > 0 ? tag('p', S.muted, `… and ${e(formatCount(more))} more`) : '',
      )
    }
  }

  const p = data.plan
  if (p) {
    parts.push(
      tag(
        'h2',
        S.h2,
        `Changes <span style="${S.muted}">(${p.incoming === 'delta' ? 'from changes only' : 'from the whole roster'})</span>`,
      ),
    )
    parts.push(countsTable('entity', Object.entries(p.byEntity)) || tag('p', S.muted, 'No records.'))
    parts.push(countsTable('role', Object.entries(p.byRole)))
    if (p.archiveBlocks.length > 0) {
      parts.push(
        tag(
          'div',
          S.warn,
          `<strong>Archives withheld</strong>${list(p.archiveBlocks.map((b) => `${e(b.entity)}: ${e(b.reason)}`))}`,
        ),
      )
    }
    if (p.schools.unmatched.length > 0) {
      parts.push(
        tag('p', '', '<strong>Schools to assign</strong>'),
        table(
          ['school', 'identifier', 'sourcedId', 'classes held', 'enrollments held'],
          p.schools.unmatched.map((s) => [
            e(s.name),
            e(s.identifier ?? ''),
            tag('span', S.code, e(s.sourcedId)),
            e(formatCount(s.heldClasses)),
            e(formatCount(s.heldEnrollments)),
          ]),
          3,
        ),
      )
    }
    if (p.conflicts.length > 0) {
      parts.push(
        tag('p', '', '<strong>Conflicts</strong>'),
        table(
          ['entity', 'sourcedId', 'reason', 'detail'],
          p.conflicts.map((c) => [e(c.entity), tag('span', S.code, e(c.key)), e(c.reason), e(c.detail)]),
        ),
      )
    }
  }

  if (data.apply) {
    const { written, failed } = applyTotals(data.apply)
    const state = data.apply.aborted ? 'cancelled part-way' : data.apply.complete ? 'complete' : 'incomplete'
    parts.push(tag('h2', S.h2, `Apply (${e(state)})`))
    parts.push(
      tag('p', '', `${e(formatCount(written))} records written, ${e(formatCount(failed))} refused by the host.`),
    )
    if (data.apply.failures.length > 0) {
      parts.push(
        table(
          ['entity', 'operation', 'sourcedId', 'error'],
          data.apply.failures.map((f) => [e(f.entity), e(f.operation), tag('span', S.code, e(f.key)), e(f.error)]),
        ),
      )
    }
  }

  if (data.notes.length > 0) parts.push(tag('h2', S.h2, 'Notes'), list(data.notes.map(e)))

  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${e(`Roster sync: ${data.headline}`)}</title></head><body style="${S.body}">${parts.join('\n')}</body></html>\n`
}
