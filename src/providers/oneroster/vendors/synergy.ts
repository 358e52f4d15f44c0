import { GENERIC_DEFAULTS, type VendorProfile } from './vendor-profile.js'

/**
 * Edupoint Synergy. Facts: OAuth 2 recommended, OAuth 1.0 deprecated; the district supplies a
 * OneRoster API URL, a token endpoint, a client id and a secret (Edlink docs, "Synergy
 * troubleshooting" and "Connecting Synergy"). Page cap, count headers and concurrency are guesses.
 */
export const synergyProfile: VendorProfile = {
  ...GENERIC_DEFAULTS,
  id: 'synergy',
  name: 'Synergy',
  auth: ['oauth2', 'oauth1'],
  concurrency: 2,
}
