import { GENERIC_DEFAULTS, type VendorProfile } from './vendor-profile.js'

/**
 * Skyward. Facts: the district generates a Key and Secret for a "Secured User" and copies the
 * OneRoster API URL from Product Setup > Skyward Contact Access > District Setup > Configuration >
 * API Configuration (Otus help centre, "Skyward OneRoster API Configuration"; ClassLink support,
 * "Skyward API Activation", API URL `https://<host>/api`). Auth kind: OAuth 1.0a with the key and
 * secret on older installs, OAuth 2 on newer ones (a guess from integrator pages). Page cap and
 * filter support unknown (guesses: 1000, ISO dates).
 */
export const skywardProfile: VendorProfile = {
  ...GENERIC_DEFAULTS,
  id: 'skyward',
  name: 'Skyward',
  versions: ['1.1'],
  auth: ['oauth2', 'oauth1'],
  credentialNames: { clientId: 'key', clientSecret: 'secret' },
  pageSize: 1000,
  concurrency: 2,
  notes: ['Skyward may prefix sourcedIds per district; keep them as sent.'],
}
