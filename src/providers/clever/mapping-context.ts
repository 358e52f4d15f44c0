import type { Provenance } from '../../model/index.js'

/**
 * What every Clever mapper needs to know besides the wire record.
 *
 * @module
 */

/** The Clever API versions rosterkit speaks. */
export type CleverApiVersion = '3.0' | '3.1'

/** Context of a Clever → canonical mapping. */
export interface CleverMappingContext {
  /** The API version the records were read with. */
  version: CleverApiVersion
}

/**
 * The provenance stamped on every record mapped from Clever.
 * @param ctx - the mapping context
 * @param originalId - the Clever id a synthesised sourcedId was derived from
 */
export function cleverProvenance(ctx: CleverMappingContext, originalId?: string): Provenance {
  return originalId === undefined
    ? { source: 'clever', version: ctx.version }
    : { source: 'clever', version: ctx.version, originalId }
}
