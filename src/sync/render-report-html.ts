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
  type DecisionTone,
  describeDecision,
  describeIncomplete,
  describeNotOffered,
  describePolicy,
  groupArchiveBlocks,
  POLICY_COLUMNS,
} from './report-view.js'
import { SOURCE_EXAMPLES_SHOWN } from './source-issues-step.js'

/**
 * The HTML rendering of a sync report: an email a district's technical owner can act on. The
 * decision comes first, then what changes, then the detail. One self-contained document with
 * inline styles only (mail clients drop `<style>` blocks and external sheets), every value escaped.
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

const TONES: Readonly<Record<DecisionTone, { fg: string; bg: string; border: string }>> = {
  ok: { fg: '#14532d', bg: '#f0fdf4', border: '#16a34a' },
  warn: { fg: '#78350f', bg: '#fffbeb', border: '#d97706' },
  error: { fg: '#7f1d1d', bg: '#fef2f2', border: '#dc2626' },
  info: { fg: '#1e3a8a', bg: '#eff6ff', border: '#2563eb' },
}

const S = {
  body: 'margin:0;padding:0;background:#f3f4f6',
  page: 'font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#111827;max-width:820px;margin:0 auto;padding:24px 20px;background:#ffffff;font-size:14px;line-height:1.5',
  eyebrow: 'font-size:12px;color:#6b7280;margin:0 0 4px;text-transform:uppercase;letter-spacing:0.04em',
  h1: 'font-size:20px;line-height:1.3;margin:0 0 16px',
  h2: 'font-size:17px;margin:32px 0 8px;padding-bottom:4px;border-bottom:2px solid #e5e7eb',
  h3: 'font-size:15px;margin:20px 0 6px',
  table: 'border-collapse:collapse;margin:4px 0 8px;width:100%',
  th: 'text-align:left;padding:6px 10px;border-bottom:1px solid #d1d5db;background:#f9fafb;font-weight:600;font-size:13px',
  td: 'padding:6px 10px;border-bottom:1px solid #f3f4f6;vertical-align:top',
  num: 'padding:6px 10px;border-bottom:1px solid #f3f4f6;text-align:right;font-variant-numeric:tabular-nums;vertical-align:top',
  muted: 'color:#6b7280',
  small: 'color:#6b7280;font-size:12px',
  code: 'font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;color:#374151;white-space:nowrap',
  p: 'margin:4px 0 8px',
  ul: 'margin:6px 0 4px;padding-left:20px',
  footer: 'margin-top:32px;padding-top:8px;border-top:1px solid #e5e7eb;color:#6b7280;font-size:12px',
} as const

const e = escapeHtml

function tag(name: string, style: string, inner: string): string {
  return `<${name} style="${style}">${inner}</${name}>`
}

function list(items: readonly string[]): string {
  return tag('ul', S.ul, items.map((i) => `<li>${i}</li>`).join(''))
}

/** A table; `numeric` lists the columns aligned right. Cells are HTML, already escaped. */
function table(
  headers: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  numeric: readonly number[] = [],
): string {
  const head = headers.map((h, i) => tag('th', numeric.includes(i) ? `${S.th};text-align:right` : S.th, e(h))).join('')
  const body = rows
    .map((row) => `<tr>${row.map((cell, i) => tag('td', numeric.includes(i) ? S.num : S.td, cell)).join('')}</tr>`)
    .join('')
  return `<table style="${S.table}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`
}

function keyValueTable(rows: ReadonlyArray<readonly [string, string]>): string {
  const body = rows
    .map(([k, v]) => `<tr>${tag('th', `${S.th};width:110px;background:#ffffff`, e(k))}${tag('td', S.td, v)}</tr>`)
    .join('')
  return `<table style="${S.table}"><tbody>${body}</tbody></table>`
}

function countsTable(title: string, rows: ReadonlyArray<readonly [string, ActionCounts]>): string {
  const shown = rows.filter(([, counts]) => hasActions(counts))
  if (shown.length === 0) return ''
  // A column that is zero on every row (often conflicts) only adds noise to an email.
  const kinds = ACTION_COLUMNS.filter((kind) => shown.some(([, counts]) => counts[kind] > 0))
  return table(
    [title, ...kinds],
    shown.map(([name, counts]) => [e(name), ...kinds.map((kind) => e(formatCount(counts[kind])))]),
    kinds.map((_, i) => i + 1),
  )
}

function code(text: string): string {
  return tag('span', S.code, e(text))
}

/** The line under a capped list: how many it left out, and where the rest are. */
function more(total: number, shown: number, inJson = total): string {
  if (total <= shown) return ''
  const where = inJson >= total ? 'Every one is in the JSON report.' : `The JSON report lists ${formatCount(inJson)}.`
  return tag('p', S.small, `… and ${e(formatCount(total - shown))} more. ${e(where)}`)
}

/** A collection's reason, without repeating "not offered" after the state that says so. */
function reasonBeyondState(reason: string | undefined): string {
  return (reason ?? '').replace(/^not offered( by the source)?\s*/i, '')
}

function refCells(r: ReportRecordRef): string[] {
  return [e(r.name), code(`${r.entity} ${r.sourcedId}`), e(r.role ?? ''), e(r.school ?? '')]
}

/**
 * Renders a sync report as a self-contained HTML document.
 * @param data - the report's data
 * @param options - time zone and how many records each section lists
 * @throws {ConfigurationError} when the options are invalid
 */
export function renderReportHtml(data: SyncReportData, options?: ReportRenderOptions): string {
  const o = resolveRenderOptions(options)
  const limit = o.listLimit
  const parts: string[] = []
  const decision = describeDecision(data)
  const tone = TONES[decision.tone]

  parts.push(tag('p', S.eyebrow, e(`Roster sync report${data.source.district ? ` · ${data.source.district}` : ''}`)))
  parts.push(tag('h1', S.h1, e(data.headline)))

  // The decision: what happened to the host's data, and what a person must do.
  const box: string[] = [
    tag('p', `margin:0 0 4px;font-size:16px;font-weight:700;color:${tone.fg}`, e(decision.title)),
    tag('p', `margin:0;color:${tone.fg}`, e(decision.summary)),
  ]
  if (data.error) {
    const hint = data.error.hint ? `<br><strong>What to do:</strong> ${e(data.error.hint)}` : ''
    box.push(
      tag(
        'p',
        `margin:8px 0 0;color:${tone.fg}`,
        `${e(data.error.message)}${hint}<br>${code(data.error.code ?? data.error.name)}`,
      ),
    )
  }
  const waiting = data.holds.map(
    (h) => `<strong>${e(h.message)}</strong><br><span style="color:${tone.fg}">To release: ${e(h.release)}</span>`,
  )
  const incomplete = describeIncomplete(decision)
  const notOffered = describeNotOffered(decision)
  if (incomplete) waiting.push(e(incomplete))
  if (notOffered) waiting.push(e(notOffered))
  if (waiting.length > 0) box.push(list(waiting))
  parts.push(
    tag(
      'div',
      `background:${tone.bg};border-left:4px solid ${tone.border};padding:12px 16px;margin:0 0 16px;border-radius:4px`,
      box.join(''),
    ),
  )

  const facts: Array<[string, string]> = []
  if (data.source.district) facts.push(['District', e(data.source.district)])
  facts.push(
    ['Source', e(describeSource(data.source))],
    ['Mode', e(describeMode(data.mode, o))],
    ['Started', e(o.time(data.timing.startedAt))],
    [
      'Duration',
      `${e(formatDuration(data.timing.durationMs))} <span style="${S.muted}">${e(describePhases(data.timing.phasesMs))}</span>`,
    ],
  )
  parts.push(keyValueTable(facts))

  const p = data.plan
  if (p) {
    const done = data.outcome === 'applied' || data.outcome === 'partially-applied'
    const scope = p.incoming === 'delta' ? 'from changes only' : 'from the whole roster'
    parts.push(
      tag(
        'h2',
        S.h2,
        `${done ? 'What changed' : 'What would change'} <span style="${S.muted};font-weight:400;font-size:13px">${e(scope)}</span>`,
      ),
    )
    parts.push(countsTable('entity', Object.entries(p.byEntity)) || tag('p', S.muted, 'No records.'))
    parts.push(countsTable('role', Object.entries(p.byRole)))
    const c = p.changes
    if (c.archives.length > 0) {
      parts.push(tag('h3', S.h3, `To archive: ${e(countNoun(c.archives.length + c.omitted.archives, 'record'))}`))
      parts.push(
        table(
          ['name', 'record', 'role', 'school', 'why'],
          c.archives
            .slice(0, limit)
            .map((a) => [...refCells(a), e(a.reason === 'absent' ? 'gone from the source' : 'deleted at the source')]),
        ),
        more(c.archives.length + c.omitted.archives, limit, c.archives.length),
      )
    }
    if (c.updates.length > 0) {
      parts.push(tag('h3', S.h3, `To update: ${e(countNoun(c.updates.length + c.omitted.updates, 'record'))}`))
      const rows: string[][] = []
      for (const u of c.updates.slice(0, limit)) {
        const flags = [u.linked ? 'linked to the source' : '', u.restored ? 'restored' : ''].filter(Boolean).join(', ')
        const who = `${e(u.name)}<br>${code(`${u.entity} ${u.sourcedId}`)}${u.school ? `<br><span style="${S.small}">${e(u.school)}</span>` : ''}${flags ? `<br><span style="${S.small}">${e(flags)}</span>` : ''}`
        const fields = u.fields.length > 0 ? u.fields : [{ field: '', before: '', after: '' }]
        fields.forEach((f, i) => {
          rows.push([
            i === 0 ? who : '',
            code(f.field),
            `<span style="color:#991b1b">${e(f.before)}</span>`,
            `<span style="color:#166534">${e(f.after)}</span>`,
          ])
        })
      }
      parts.push(
        table(['record', 'field', 'before', 'after'], rows),
        more(c.updates.length + c.omitted.updates, limit, c.updates.length),
      )
    }
    if (c.creates.length > 0) {
      parts.push(tag('h3', S.h3, `To create: ${e(countNoun(c.creates.length + c.omitted.creates, 'record'))}`))
      parts.push(
        table(['name', 'record', 'role', 'school'], c.creates.slice(0, limit).map(refCells)),
        more(c.creates.length + c.omitted.creates, limit, c.creates.length),
      )
    }
    if (c.skips.length > 0) {
      parts.push(tag('h3', S.h3, 'Left alone, by reason'))
      parts.push(
        table(
          ['records', 'why', 'for example'],
          c.skips.map((g) => [
            e(formatCount(g.count)),
            `${e(g.label)}<br><span style="${S.small}">${e(
              Object.entries(g.byEntity)
                .map(([entity, n]) => `${formatCount(n ?? 0)} ${entity}`)
                .join(', '),
            )}</span>`,
            g.examples
              .slice(0, 3)
              .map(
                (ex) =>
                  `${e(ex.name)} ${code(ex.sourcedId)}${ex.detail ? ` <span style="${S.small}">${e(ex.detail)}</span>` : ''}`,
              )
              .join('<br>'),
          ]),
          [0],
        ),
      )
    }
    if (p.archiveBlocks.length > 0) {
      parts.push(tag('h3', S.h3, 'Archives withheld'), list(groupArchiveBlocks(p.archiveBlocks).map(e)))
    }
    if (p.conflicts.length > 0) {
      parts.push(
        tag('h3', S.h3, 'Conflicts'),
        tag('p', S.p, 'Nothing is written for these records; a person decides.'),
        table(
          ['record', 'reason', 'detail'],
          p.conflicts.map((cf) => [code(`${cf.entity} ${cf.key}`), e(cf.reason), e(cf.detail)]),
        ),
      )
    }

    const s = p.schools
    if (s.unmatched.length > 0 || s.matched.length > 0) {
      parts.push(
        tag(
          'h2',
          S.h2,
          `Schools <span style="${S.muted};font-weight:400;font-size:13px">${e(`${formatCount(s.matched.length)} matched, ${formatCount(s.unmatched.length)} to assign`)}</span>`,
        ),
      )
      if (s.unmatched.length > 0) {
        parts.push(
          tag('h3', S.h3, 'To assign'),
          table(
            ['school', 'identifier', 'sourcedId', 'classes waiting', 'enrollments waiting'],
            s.unmatched
              .slice(0, limit)
              .map((u) => [
                e(u.name),
                e(u.identifier ?? ''),
                code(u.sourcedId),
                e(formatCount(u.heldClasses)),
                e(formatCount(u.heldEnrollments)),
              ]),
            [3, 4],
          ),
          more(s.unmatched.length, limit),
        )
      }
      if (s.matched.length > 0) {
        parts.push(
          tag('h3', S.h3, 'Matched'),
          table(
            ['school', 'sourcedId', 'host id', 'matched by'],
            s.matched.slice(0, limit).map((m) => [e(m.name), code(m.sourcedId), code(m.hostId), e(m.matchedBy)]),
          ),
          more(s.matched.length, limit),
        )
      }
    }
  }

  const si = data.sourceIssues
  if (si) {
    parts.push(
      tag(
        'h2',
        S.h2,
        `Source issues <span style="${S.muted};font-weight:400;font-size:13px">${e(`${countNoun(si.bySeverity.error, 'error')}, ${countNoun(si.bySeverity.warning, 'warning')}`)}</span>`,
      ),
      table(
        ['code', 'severity', 'count', 'examples'],
        si.byCode.map((g) => [
          code(g.code),
          e(g.severity),
          e(formatCount(g.count)),
          g.examples
            .slice(0, SOURCE_EXAMPLES_SHOWN)
            .map((ex) => {
              const at = [ex.location, ex.sourcedId].filter(Boolean).join(' ')
              return `${at ? `${code(at)} ` : ''}${e(ex.message)}`
            })
            .join('<br>'),
        ]),
        [2],
      ),
    )
  }

  const v = data.validation
  if (v) {
    const quarantined = v.quarantinedTotal > 0 ? `, ${countNoun(v.quarantinedTotal, 'record')} quarantined` : ''
    parts.push(
      tag(
        'h2',
        S.h2,
        `Validation <span style="${S.muted};font-weight:400;font-size:13px">${e(`${countNoun(v.errors, 'error')}, ${countNoun(v.warnings, 'warning')}${quarantined}`)}</span>`,
      ),
    )
    if (v.byCode.length > 0) {
      parts.push(
        table(
          ['code', 'severity', 'count', 'examples'],
          v.byCode.map((g) => [
            code(g.code) + (g.hint ? `<br><span style="${S.small}">${e(g.hint)}</span>` : ''),
            e(g.severity),
            e(formatCount(g.count)),
            g.examples
              .map((ex) => `${code([ex.entity, ex.sourcedId, ex.path].filter(Boolean).join(' '))} ${e(ex.message)}`)
              .join('<br>'),
          ]),
          [2],
        ),
      )
    } else parts.push(tag('p', S.muted, 'No issues.'))
    if (v.quarantined.length > 0) {
      parts.push(
        tag('h3', S.h3, 'Quarantined records'),
        table(
          ['record', 'why'],
          v.quarantined.slice(0, limit).map((q) => [code(`${q.entity} ${q.sourcedId}`), e(q.reason)]),
        ),
        more(v.quarantinedTotal, Math.min(limit, v.quarantined.length), v.quarantined.length),
      )
    }
  }

  if (data.pull) {
    parts.push(
      tag(
        'h2',
        S.h2,
        `Pull <span style="${S.muted};font-weight:400;font-size:13px">${data.pull.complete ? 'complete' : 'incomplete'}</span>`,
      ),
    )
    parts.push(
      table(
        ['collection', 'received', 'expected', 'state'],
        data.pull.collections.map((c) => [
          e(c.collection),
          e(formatCount(c.received)),
          c.expected === undefined ? '' : e(formatCount(c.expected)),
          c.state === 'complete'
            ? 'complete'
            : `<span style="color:${c.state === 'incomplete' ? '#b91c1c' : '#6b7280'}">${c.state === 'incomplete' ? 'incomplete' : 'not offered'}</span> ${e(reasonBeyondState(c.reason))}`,
        ]),
        [1, 2],
      ),
      tag('p', S.small, e(describeWaits(data.pull))),
    )
  }

  if (data.apply) {
    const { written, failed } = applyTotals(data.apply)
    const state = data.apply.aborted ? 'cancelled part-way' : data.apply.complete ? 'complete' : 'incomplete'
    parts.push(tag('h2', S.h2, `Apply <span style="${S.muted};font-weight:400;font-size:13px">${e(state)}</span>`))
    parts.push(
      tag(
        'p',
        S.p,
        `${e(countNoun(written, 'record'))} written, ${e(formatCount(failed))} refused by your application.`,
      ),
    )
    if (data.apply.failures.length > 0) {
      parts.push(
        table(
          ['record', 'operation', 'error'],
          data.apply.failures.map((f) => [code(`${f.entity} ${f.key}`), e(f.operation), e(f.error)]),
        ),
      )
    }
  }

  if (data.policy && data.plan) {
    const policy = describePolicy(data.policy)
    parts.push(
      tag('h2', S.h2, 'Policy'),
      table(
        [...POLICY_COLUMNS],
        policy.rows.map((r) => r.map(e)),
      ),
      list(policy.lines.map(e)),
    )
  }

  if (data.notes.length > 0) parts.push(tag('h2', S.h2, 'Notes'), list(data.notes.map(e)))

  parts.push(
    tag('p', S.footer, e(`Times in ${o.timeZone}. rosterkit ${data.operation} report, format ${data.formatVersion}.`)),
  )

  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${e(data.headline)}</title></head><body style="${S.body}"><div style="${S.page}">${parts.join('\n')}</div></body></html>\n`
}
