import type { ValidationRule } from '../rule.js'

/**
 * The built-in rules, in the order they run (integrity first, then district parameters, then
 * roster-level checks).
 *
 * @module
 */

/** Every built-in rule, in run order. */
export const BUILT_IN_RULES: readonly ValidationRule[] = []
