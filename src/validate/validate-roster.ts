import { indexRoster, type Roster } from '../model/index.js'
import { decideOutcome } from './decide-outcome.js'
import type { DistrictParameters } from './district-parameters.js'
import { ISSUE_CATALOG, isBuiltInIssueCode } from './issue-catalog.js'
import type { ValidationIssue, ValidationIssueInput } from './issues.js'
import { renderValidationText } from './render-validation-text.js'
import type { RenderValidationTextOptions, ValidationReport } from './report.js'
import { resolveDistrictParameters } from './resolve-parameters.js'
import type { RecordVisitor, ValidationContext, ValidationRule } from './rule.js'
import { BUILT_IN_RULES } from './rules/index.js'
import { buildValidationScope, type ValidationScope } from './scope.js'
import { visitRoster } from './visit-roster.js'

/**
 * `validateRoster`: runs every built-in rule and the host's own over one roster, then decides what
 * is quarantined and whether the sync is blocked.
 *
 * @module
 */

/** Options of {@link validateRoster}. */
export interface ValidateRosterOptions {
  /**
   * The host app's own rules, run after the built-in ones.
   * @default []
   */
  rules?: readonly ValidationRule[] | undefined
  /**
   * The clock for rules that compare with today. The validator never reads the system clock.
   * @default undefined (such checks are skipped)
   */
  now?: Date | string | undefined
}

/**
 * Checks a roster against the OneRoster specs and the district's parameters. Pure: no I/O, no clock
 * unless `options.now` is given, no randomness.
 *
 * @param roster - a canonical roster
 * @param parameters - what the district promised; absent: spec-level checks only
 * @param options - host rules and an injected clock
 * @returns issues as data, quarantined records, and whether the sync is blocked
 * @throws {ConfigurationError} when `parameters` do not match `DistrictParametersSchema`
 * @example
 * const report = validateRoster(roster, { testDistribution: 'class', quarantine: { enabled: true } })
 * if (report.blocked) console.log(report.toText())
 */
export function validateRoster(
  roster: Roster,
  parameters?: DistrictParameters,
  options: ValidateRosterOptions = {},
): ValidationReport {
  const resolved = resolveDistrictParameters(parameters)
  const index = indexRoster(roster)
  let scope: ValidationScope | undefined
  const now = options.now === undefined ? undefined : new Date(options.now)
  // Each rule reports into its own list, so issues come out in rule order however the rules run.
  const contextFor = (rule: string, issues: ValidationIssue[]): ValidationContext => ({
    roster,
    index,
    parameters: resolved,
    get scope(): ValidationScope {
      scope ??= buildValidationScope(index, roster.users, resolved)
      return scope
    },
    now,
    report(input: ValidationIssueInput): void {
      issues.push(...toIssue(input, rule, resolved.severityOf))
    },
  })
  const rules = [...BUILT_IN_RULES, ...(options.rules ?? [])]
  const issuesByRule = rules.map((): ValidationIssue[] => [])
  const visitors: RecordVisitor[] = []
  const checked: (() => void)[] = []
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!
    const context = contextFor(rule.name, issuesByRule[i]!)
    if (rule.visit === undefined) checked.push(() => rule.check(context))
    else {
      const visitor = rule.visit(context)
      if (visitor !== undefined) visitors.push(visitor)
    }
  }
  visitRoster(roster, visitors)
  for (const check of checked) check()
  const issues = issuesByRule.flat()
  const outcome = decideOutcome(roster, index, resolved, issues)
  const report: ValidationReport = {
    ...outcome,
    toText: (textOptions?: RenderValidationTextOptions) => renderValidationText(report, textOptions),
  }
  return report
}

function toIssue(
  input: ValidationIssueInput,
  rule: string,
  severityOf: (code: keyof typeof ISSUE_CATALOG) => 'error' | 'warning' | 'off',
): ValidationIssue[] {
  const builtIn = isBuiltInIssueCode(input.code) ? ISSUE_CATALOG[input.code] : undefined
  let severity = input.severity
  if (builtIn && isBuiltInIssueCode(input.code)) {
    const override = severityOf(input.code)
    if (override === 'off') return []
    // A district's override wins over the rule's own choice; otherwise the rule may soften a default.
    severity = override !== builtIn.severity ? override : (input.severity ?? override)
  }
  const level = input.level ?? builtIn?.level ?? (input.sourcedId === undefined ? 'roster' : 'record')
  const hint = input.hint ?? builtIn?.hint
  const issue: ValidationIssue = {
    code: input.code,
    severity: severity ?? 'error',
    level,
    entity: input.entity,
    ...(input.sourcedId === undefined ? {} : { sourcedId: input.sourcedId }),
    path: input.path ?? [],
    message: input.message,
    ...(hint === undefined ? {} : { hint }),
    rule,
  }
  return [issue]
}
