/**
 * The canonical roster model: zod schemas, inferred types, vocabularies and indexes.
 * Pure: imports only zod.
 *
 * @module
 */
export * from './records.js'
export * from './roster.js'
export * from './roster-index.js'
export * from './source.js'
export * from './source-issues.js'
export * from './vocabulary.js'
