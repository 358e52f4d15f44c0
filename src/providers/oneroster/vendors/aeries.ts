import { GENERIC_DEFAULTS, type VendorProfile } from './vendor-profile.js'

/**
 * Aeries. Facts: base path `https://<district>.aeries.net/aeries/ims/oneroster/v1p1` and the list of
 * endpoints it serves (Aeries support, "OneRoster API available endpoints"); the school
 * sub-collections for courses, enrollments and class enrollments are not in that list, so the
 * client reads the top-level collection with a filter instead. Auth kind and page cap are guesses.
 */
export const aeriesProfile: VendorProfile = {
  ...GENERIC_DEFAULTS,
  id: 'aeries',
  name: 'Aeries',
  versions: ['1.1'],
  auth: ['oauth2', 'oauth1'],
  basePathPattern: 'https://<district>.aeries.net/aeries/ims/oneroster/v1p1',
  unsupportedNested: ['coursesForSchool', 'enrollmentsForSchool', 'enrollmentsForClassInSchool'],
  concurrency: 2,
  filterDateFormat: 'iso-seconds',
}
