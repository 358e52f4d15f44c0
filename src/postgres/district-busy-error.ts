import { createErrorGuard, RosterkitError, type RosterkitErrorOptions } from '../errors.js'

/**
 * The error a second run of the same district gets while the first still holds the district.
 *
 * @module
 */

/** Another run of this district holds its lock; this one is refused before it reads or writes anything. */
export class DistrictBusyError extends RosterkitError {
  /** The district that is busy. */
  readonly district: string
  constructor(message: string, district: string, options: RosterkitErrorOptions = {}) {
    super(message, 'ROSTERKIT_DISTRICT_BUSY', options)
    this.district = district
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), district: this.district }
  }
}

/** True for a {@link DistrictBusyError}. */
export const isDistrictBusyError: (value: unknown) => value is DistrictBusyError =
  createErrorGuard<DistrictBusyError>('ROSTERKIT_DISTRICT_BUSY')
