/**
 * The "Test connection" button of a vendor's settings page: the district admin types a base URL and
 * credentials, the server answers with a diagnosis the page renders check by check. It never throws,
 * and it never sends a secret back.
 *
 * Run it: `node scripts/run-ts.mjs examples/settings-page-test-connection.ts`
 */
import { pathToFileURL } from 'node:url'
import type { ConnectionDiagnosis } from 'rosterkit'
import { createOneRosterClient } from 'rosterkit/oneroster'
import { generateDistrict, startMockOneRosterServer } from 'rosterkit/testing'

/** What the settings form posts. */
export interface ConnectionForm {
  baseUrl: string
  version: '1.1' | '1.2'
  clientId: string
  clientSecret: string
}

/** The JSON the page renders: a headline and one row per check. */
export interface ConnectionPanel {
  ok: boolean
  headline: string
  rows: Array<{ check: string; status: string; message: string; hint?: string }>
}

/** The request handler behind the button. */
export async function testConnectionHandler(
  form: ConnectionForm,
  allowInsecureLoopback = false,
): Promise<ConnectionPanel> {
  const client = createOneRosterClient({
    baseUrl: form.baseUrl,
    version: form.version,
    auth: { type: 'oauth1', clientId: form.clientId, clientSecret: form.clientSecret },
    allowInsecureLoopback,
  })
  const diagnosis: ConnectionDiagnosis = await client.testConnection({ signal: AbortSignal.timeout(30_000) })
  return {
    ok: diagnosis.ok,
    headline: diagnosis.summary,
    rows: diagnosis.checks.map((c) => ({
      check: c.id,
      status: c.status,
      message: c.message,
      ...(c.hint === undefined ? {} : { hint: c.hint }),
    })),
  }
}

/** Presses the button twice against a loopback OneRoster 1.1 server: right secret, then a typo. */
export async function main(): Promise<{ good: ConnectionPanel; typo: ConnectionPanel }> {
  const server = await startMockOneRosterServer({
    version: '1.1',
    roster: generateDistrict({ students: 50, seed: 3 }),
    auth: { type: 'oauth1', clientId: 'district-key', clientSecret: 'district-secret' },
  })
  try {
    const form = {
      baseUrl: server.url,
      version: '1.1' as const,
      clientId: 'district-key',
      clientSecret: 'district-secret',
    }
    const good = await testConnectionHandler(form, true)
    const typo = await testConnectionHandler({ ...form, clientSecret: 'district-secrte' }, true)
    return { good, typo }
  } finally {
    await server.close()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await main(), null, 2))
}
