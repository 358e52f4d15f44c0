import type { Roster } from '../../src/model/index.js'
import {
  createOneRosterClient,
  type OneRosterAuth,
  type OneRosterClientOptions,
} from '../../src/providers/oneroster/index.js'
import { generateDistrict } from '../../src/testing/index.js'
import type { MockOneRosterAuth, MockOneRosterServer } from '../../src/testing/oneroster-server/index.js'

/** A small generated district: a few hundred records of every kind. */
export function smallDistrict(seed = 7): Roster {
  return generateDistrict({ seed, students: 120, schools: { elementary: 1, middle: 1, high: 1 }, classSize: 20 })
}

export const CLIENT_ID = 'district-client'
export const CLIENT_SECRET = "s3cret with spaces & 'quotes'"

export function serverAuth(kind: 'oauth1' | 'oauth2' | 'bearer'): MockOneRosterAuth {
  if (kind === 'bearer') return { type: 'bearer', token: 'static-token' }
  return { type: kind, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }
}

export function clientAuth(kind: 'oauth1' | 'oauth2' | 'bearer', server: MockOneRosterServer): OneRosterAuth {
  if (kind === 'bearer') return { type: 'bearer', token: 'static-token' }
  if (kind === 'oauth1') return { type: 'oauth1', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }
  return { type: 'oauth2', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, tokenUrl: server.tokenUrl }
}

/** A client for a loopback server, with retries that do not sleep. */
export function clientFor(
  server: MockOneRosterServer,
  version: '1.1' | '1.2',
  kind: 'oauth1' | 'oauth2' | 'bearer',
  extra: Partial<OneRosterClientOptions> = {},
) {
  return createOneRosterClient({
    baseUrl: server.url,
    version,
    auth: clientAuth(kind, server),
    allowInsecureLoopback: true,
    sleep: async () => {},
    ...extra,
  })
}

/** Drops provenance so canonical records from a pull compare with the generated ones. */
export function withoutProvenance(records: readonly object[]): Record<string, unknown>[] {
  return records
    .map((r) => {
      const { provenance: _p, ...rest } = r as Record<string, unknown>
      return rest
    })
    .sort((a, b) => (String(a.sourcedId) < String(b.sourcedId) ? -1 : 1))
}

const V1P2_ONLY_USER_FIELDS = [
  'roles',
  'primaryOrgSourcedId',
  'pronouns',
  'preferredFirstName',
  'preferredMiddleName',
  'preferredLastName',
  'userMasterIdentifier',
]

/** What a 1.1 wire user can carry of a canonical user: no 1.2-only fields, roles compared apart. */
export function asV1p1Users(records: readonly object[]): Record<string, unknown>[] {
  return withoutProvenance(records).map((u) => {
    const out = { ...u }
    for (const f of V1P2_ONLY_USER_FIELDS) delete out[f]
    const roles = (u.roles as { orgSourcedId: string }[]).map((r) => r.orgSourcedId)
    out.orgs = [...new Set(roles)].sort()
    return out
  })
}
