import { isConfigurationError, isRosterkitError } from '../../errors.js'
import type { ConnectionDiagnosis, DiagnosisCheck } from '../../model/index.js'
import { openSftpSession, type SftpSession } from './connect.js'
import { newestDrop, scanDropFolder } from './drop-folder.js'
import { isHostKeyMismatchError, isMissingDependencyError, isSftpConnectionError, isSftpDropError } from './errors.js'
import { checkZipComplete } from './read-drop.js'
import type { ResolvedSftpOptions } from './sftp-options.js'

/**
 * `testConnection` of an SFTP drop source: reaches the server, checks its key, logs in, looks at the
 * drop folder and its newest drop, and says for each step what a district admin can do. It reads
 * no bundle content beyond a zip's last bytes, so it stays quick on large drops.
 *
 * @module
 */

const DAY_MS = 24 * 60 * 60 * 1000
const STEPS = ['connect', 'host-key', 'auth', 'folder', 'drop', 'freshness', 'bundle'] as const

function skipRest(checks: DiagnosisCheck[]): void {
  for (const id of STEPS.slice(checks.length)) {
    checks.push({ id, status: 'skip', message: 'Not checked: an earlier step failed' })
  }
}

function errorCheck(id: string, error: unknown, fallbackHint: string): DiagnosisCheck {
  const json = isRosterkitError(error) ? error.toJSON() : {}
  const hint = typeof json.hint === 'string' ? json.hint : fallbackHint
  return {
    id,
    status: 'fail',
    message: isRosterkitError(error) ? error.message : 'The SFTP server could not be used',
    hint,
    ...(isRosterkitError(error)
      ? { details: { code: error.code, ...('reason' in json ? { reason: json.reason } : {}) } }
      : {}),
  }
}

/**
 * Diagnoses an SFTP drop source. Never throws.
 * @param options - the source's resolved options
 * @param signal - cancels the test
 */
export async function diagnoseSftpDrop(
  options: ResolvedSftpOptions,
  signal?: AbortSignal,
): Promise<ConnectionDiagnosis> {
  const testedAt = new Date().toISOString()
  const checks: DiagnosisCheck[] = []
  const server = `${options.host}:${options.port}`
  let session: SftpSession | undefined
  try {
    session = await openSftpSession(
      {
        host: options.host,
        port: options.port,
        username: options.username,
        ...options.secrets,
        pins: options.pins,
        timeoutMs: options.timeoutMs,
      },
      signal,
    )
    checks.push({ id: 'connect', status: 'pass', message: `Reached ${server}` })
    checks.push({ id: 'host-key', status: 'pass', message: `The server key ${session.hostKey} matches the pin` })
    checks.push({ id: 'auth', status: 'pass', message: `Logged in as ${options.username}` })
    await diagnoseFolder(session, options, checks)
  } catch (error) {
    if (isHostKeyMismatchError(error)) {
      checks.push({ id: 'connect', status: 'pass', message: `Reached ${server}` })
      checks.push(errorCheck('host-key', error, ''))
    } else if (isSftpConnectionError(error) && error.reason === 'auth') {
      checks.push({ id: 'connect', status: 'pass', message: `Reached ${server}` })
      checks.push({ id: 'host-key', status: 'pass', message: 'The server key matches the pin' })
      checks.push(errorCheck('auth', error, ''))
    } else if (isConfigurationError(error)) {
      checks.push({ id: 'connect', status: 'skip', message: 'Not checked: the login settings are invalid' })
      checks.push({ id: 'host-key', status: 'skip', message: 'Not checked: the login settings are invalid' })
      checks.push(errorCheck('auth', error, 'Paste the private key exactly as exported, with its passphrase'))
    } else if (isMissingDependencyError(error)) {
      checks.push(errorCheck('connect', error, 'Install ssh2-sftp-client next to rosterkit'))
    } else if (checks.length === 0) {
      checks.push(errorCheck('connect', error, 'Check the host name and port'))
    } else {
      checks.push(errorCheck(STEPS[checks.length] ?? 'drop', error, 'Check the drop folder'))
    }
    skipRest(checks)
  } finally {
    await session?.close()
  }
  const failed = checks.find((c) => c.status === 'fail')
  const warned = checks.find((c) => c.status === 'warn')
  return {
    ok: failed === undefined,
    source: 'oneroster-csv',
    checks,
    summary: failed
      ? `${failed.message}${failed.hint ? ` — ${failed.hint}` : ''}`
      : warned
        ? `${options.label} can be read, but: ${warned.message}`
        : `${options.label} can be read`,
    testedAt,
  }
}

async function diagnoseFolder(session: SftpSession, options: ResolvedSftpOptions, checks: DiagnosisCheck[]) {
  const { client } = session
  const { folder } = options
  let scan: Awaited<ReturnType<typeof scanDropFolder>>
  try {
    scan = await scanDropFolder(client, { folder, pattern: options.pattern, archiveFolder: options.archiveFolder })
  } catch (error) {
    const e = error as { code?: unknown; message?: unknown }
    const missing = e.code === 2 || /No such file/i.test(String(e.message))
    checks.push(
      isSftpDropError(error)
        ? errorCheck('folder', error, '')
        : {
            id: 'folder',
            status: 'fail',
            message: missing
              ? `The drop folder ${folder} does not exist`
              : `The drop folder ${folder} cannot be listed`,
            hint: missing
              ? 'Check the folder path with the district; it is case-sensitive and may be relative to the login folder'
              : 'Ask the district to give this account read access to the folder',
          },
    )
    skipRest(checks)
    return
  }
  checks.push({ id: 'folder', status: 'pass', message: `${folder} can be listed` })
  const drop = newestDrop(scan.candidates)
  const uploading = scan.inProgress.length > 0 ? { inProgress: scan.inProgress } : undefined
  if (drop === undefined) {
    checks.push({
      id: 'drop',
      status: 'fail',
      message:
        scan.inProgress.length > 0
          ? `No complete drop yet; still being uploaded: ${scan.inProgress.join(', ')}`
          : `No drop in ${folder} yet`,
      hint: 'Ask the district (or its SIS vendor) to schedule the OneRoster CSV export to this folder',
      ...(uploading ? { details: uploading } : {}),
    })
    skipRest(checks)
    return
  }
  const name = drop.name === '.' ? `the CSV files in ${folder}` : drop.name
  checks.push({
    id: 'drop',
    status: 'pass',
    message: `Newest drop: ${name} (${drop.kind === 'zip' ? 'zip' : `${drop.files.length} CSV files`}, ${drop.size} bytes)`,
    details: {
      name: drop.name,
      kind: drop.kind,
      size: drop.size,
      modifiedAt: new Date(drop.modifiedMs).toISOString(),
      ...uploading,
    },
  })
  const ageDays = (Date.now() - drop.modifiedMs) / DAY_MS
  checks.push(
    ageDays > options.staleAfterDays
      ? {
          id: 'freshness',
          status: 'warn',
          message: `The newest drop is ${Math.floor(ageDays)} days old`,
          hint: "The SIS export may have stopped: ask the district to check its scheduled OneRoster export and the upload's log",
          details: { ageDays: Math.floor(ageDays) },
        }
      : { id: 'freshness', status: 'pass', message: `The newest drop is less than ${options.staleAfterDays} days old` },
  )
  if (drop.kind === 'zip') {
    try {
      await checkZipComplete(session, drop, folder)
      checks.push({ id: 'bundle', status: 'pass', message: `${drop.name} is a complete zip` })
    } catch (error) {
      checks.push(errorCheck('bundle', error, 'Ask the district to upload the bundle again'))
    }
  } else {
    const names = drop.files.map((f) => f.name)
    checks.push(
      names.includes('manifest.csv')
        ? { id: 'bundle', status: 'pass', message: `CSV files: ${names.join(', ')}` }
        : {
            id: 'bundle',
            status: 'warn',
            message: `No manifest.csv; CSV files: ${names.join(', ')}`,
            hint: 'Ask the exporting system to include manifest.csv',
          },
    )
  }
}
