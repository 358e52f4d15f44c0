import { posix } from 'node:path'
import { AbortedError, ConfigurationError, FullResyncRequiredError } from '../../errors.js'
import {
  type ConnectionDiagnosis,
  createRoster,
  type PullOptions,
  type Roster,
  type RosterSource,
  type TestConnectionOptions,
} from '../../model/index.js'
import { createCsvSource } from '../../providers/csv/index.js'
import { openSftpSession, type SftpSession } from './connect.js'
import { diagnoseSftpDrop } from './diagnose-sftp-drop.js'
import { formatDropCursor, listingFingerprint, parseDropCursor } from './drop-cursor.js'
import { type DropCandidate, newestDrop, scanDropFolder, scanSettled } from './drop-folder.js'
import { SftpDropError } from './errors.js'
import { checkDropUnchanged, checkZipComplete, streamDrop } from './read-drop.js'
import { type ResolvedSftpOptions, resolveSftpOptions, type SftpCsvSourceOptions } from './sftp-options.js'

/**
 * `createSftpCsvSource`: a district's nightly OneRoster CSV drop on an SFTP server as a
 * {@link RosterSource}. Each pull reads the newest complete drop once; the sync's cursor remembers
 * it, so the same drop is never imported twice and an older one is refused.
 *
 * @module
 */

/** What the last pull found in the drop folder. */
export interface SftpDropInfo {
  /** `read`: the drop was imported into the roster; `no-new-drop`: the newest drop was imported before. */
  outcome: 'read' | 'no-new-drop'
  /** The drop's name in the folder (`.` for CSV files lying in the folder itself); absent when the folder is empty. */
  name?: string
  /** Its full remote path. */
  path?: string
  /** A zip, or a folder of CSV files. */
  kind?: 'zip' | 'folder'
  /** Its size in bytes. */
  size?: number
  /** Its latest modification time (ISO 8601). */
  modifiedAt?: string
  /** SHA-256 of its content, once read. */
  sha256?: string
  /** Uploads still in progress that were left alone. */
  inProgress: string[]
}

/** What {@link SftpCsvSource.archiveImported} moved. */
export interface SftpArchiveResult {
  /** `from → to` remote paths of what was moved. */
  moved: Array<{ from: string; to: string }>
  /** Why nothing was moved, when nothing was. */
  note?: string
}

/** A {@link RosterSource} reading OneRoster CSV drops from an SFTP folder. */
export interface SftpCsvSource extends RosterSource {
  /** Always `oneroster-csv`. */
  readonly kind: 'oneroster-csv'
  /**
   * True: given the cursor of the last imported drop, a pull skips a drop already imported. A new
   * drop always comes back as the full (bulk) roster it is.
   */
  readonly supportsIncremental: true
  /** The folder's label, followed by the drop the last pull read (or that there was no new drop). */
  readonly label: string
  /** What the last pull found; undefined before the first pull. */
  readonly lastDrop: SftpDropInfo | undefined
  /**
   * Moves the drop a cursor names into the archive folder. Call it only with the cursor a
   * successful sync saved (`result.state.cursor` after an `applied` run): the cursor moves only
   * after a complete apply, so a failed or partial sync never archives its drop. A drop that changed
   * since it was imported is left in place.
   * @param cursor - `SyncState.cursor` after the apply
   * @param options - cancellation
   */
  archiveImported(cursor: string | undefined, options?: TestConnectionOptions): Promise<SftpArchiveResult>
}

function iso(ms: number): string {
  return new Date(ms).toISOString()
}

function describe(drop: DropCandidate): string {
  return drop.name === '.' ? 'the CSV files in the drop folder' : drop.name
}

/** The roster of a run that found nothing new: no collection read, so nothing changes or archives. */
function emptyRoster(label: string, cursor: string): Roster {
  return createRoster({ source: { kind: 'oneroster-csv', label }, mode: 'delta', completeness: {}, cursor })
}

async function withSession<T>(
  options: ResolvedSftpOptions,
  signal: AbortSignal | undefined,
  work: (session: SftpSession) => Promise<T>,
): Promise<T> {
  const session = await openSftpSession(
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
  const onAbort = () => void session.close()
  signal?.addEventListener('abort', onAbort, { once: true })
  try {
    return await work(session)
  } catch (error) {
    if (signal?.aborted) throw new AbortedError('The SFTP read was cancelled', { cause: error })
    throw error
  } finally {
    signal?.removeEventListener('abort', onAbort)
    await session.close()
  }
}

/**
 * Whether a listing error means the folder is missing; other errors pass through.
 * @throws {SftpDropError} (`folder-missing`)
 */
export function folderMissing(error: unknown, folder: string): unknown {
  const e = error as { code?: unknown; message?: unknown }
  if (e.code === 2 || e.code === 'ENOENT' || /No such file/i.test(String(e.message))) {
    return new SftpDropError(
      `The drop folder ${folder} does not exist on the server`,
      {
        reason: 'folder-missing',
        folder,
        hint: 'Check the folder path with the district; it is case-sensitive and may be relative to the login folder',
      },
      { cause: error },
    )
  }
  return error
}

/**
 * Creates a roster source on an SFTP drop folder. Nothing connects until a pull or a test.
 * @param options - server, login, pinned host key, drop folder and how drops are recognised
 * @throws {ConfigurationError} when an option is missing or invalid (no host key pin, no credential…)
 * @example
 * ```ts
 * const source = createSftpCsvSource({
 *   host: 'sftp.district.example', username: 'rosterkit', privateKey: await readFile(keyPath, 'utf8'),
 *   hostKey: 'SHA256:Qx1kQ9…', path: '/oneroster', pattern: 'roster-*.zip',
 * })
 * const sync = createRosterSync({ source, store, policy, state })
 * const result = await sync.run()
 * if (result.outcome === 'applied') await source.archiveImported(result.state.cursor)
 * ```
 */
export function createSftpCsvSource(options: SftpCsvSourceOptions): SftpCsvSource {
  const resolved = resolveSftpOptions(options)
  const { folder } = resolved
  let lastDrop: SftpDropInfo | undefined

  async function pullDrop(session: SftpSession, o: PullOptions): Promise<Roster> {
    const { client } = session
    const since = o.since === undefined ? undefined : parseDropCursor(o.since)
    if (o.since !== undefined && since === undefined) {
      throw new FullResyncRequiredError(
        'The cursor is not an SFTP drop cursor; the newest drop is read in full',
        o.since,
      )
    }
    const scan = await scanSettled(
      client,
      { folder, pattern: resolved.pattern, archiveFolder: resolved.archiveFolder },
      resolved.settleMs,
      o.signal,
    ).catch((error: unknown) => {
      throw folderMissing(error, folder)
    })
    if (o.signal?.aborted) throw new AbortedError()
    const drop = newestDrop(scan.candidates)
    const base = { inProgress: scan.inProgress }
    if (drop === undefined) {
      if (since !== undefined) {
        lastDrop = { outcome: 'no-new-drop', ...base }
        return emptyRoster(`${resolved.label} (no new drop)`, o.since!)
      }
      const waiting = scan.inProgress.length > 0 ? `; still being uploaded: ${scan.inProgress.join(', ')}` : ''
      throw new SftpDropError(`No complete drop in ${folder} yet${waiting}`, {
        reason: 'no-drop',
        folder,
        hint: 'Ask the district (or its SIS vendor) to schedule the OneRoster CSV export to this folder',
      })
    }
    const info = {
      ...base,
      name: drop.name,
      path: drop.path,
      kind: drop.kind,
      size: drop.size,
      modifiedAt: iso(drop.modifiedMs),
    }
    const listing = listingFingerprint(drop)
    if (since !== undefined && since.name === drop.name && since.listing === listing) {
      lastDrop = { outcome: 'no-new-drop', ...info, sha256: since.sha256 }
      return emptyRoster(`${resolved.label} (no new drop since ${describe(drop)})`, o.since!)
    }
    if (since !== undefined && drop.modifiedMs < Date.parse(since.modifiedAt)) {
      throw new SftpDropError(
        `The newest drop ${describe(drop)} (${iso(drop.modifiedMs)}) is older than the last imported one, ${since.name} (${since.modifiedAt}): it is not imported`,
        {
          reason: 'older-drop',
          folder,
          file: drop.name,
          hint: 'An old bundle was put back in the folder; remove it, or run a full sync to import it on purpose',
        },
      )
    }
    if (drop.kind === 'zip') await checkZipComplete(session, drop, folder)
    const stream = streamDrop(session, drop, folder)
    const label = drop.name === '.' ? resolved.label : `${resolved.label}/${drop.name}`
    const csv = createCsvSource(stream.input, {
      label,
      strict: options.strict,
      limits: options.limits,
      includePasswords: options.includePasswords,
    })
    const roster = await csv.pull({ collections: o.collections, onProgress: o.onProgress, signal: o.signal })
    const sha256 = stream.finish()
    await checkDropUnchanged(client, drop, folder)
    const cursor = formatDropCursor({ name: drop.name, modifiedAt: iso(drop.modifiedMs), listing, sha256 })
    if (since !== undefined && since.sha256 === sha256) {
      // The same bytes uploaded again under a new name or time: nothing new, but remember the new listing.
      lastDrop = { outcome: 'no-new-drop', ...info, sha256 }
      return emptyRoster(`${resolved.label} (no new drop: ${describe(drop)} repeats ${since.name})`, cursor)
    }
    lastDrop = { outcome: 'read', ...info, sha256 }
    return { ...roster, cursor }
  }

  async function archive(cursor: string | undefined, o: TestConnectionOptions = {}): Promise<SftpArchiveResult> {
    if (cursor === undefined) return { moved: [], note: 'Nothing was imported yet' }
    const imported = parseDropCursor(cursor)
    if (imported === undefined) {
      throw new ConfigurationError('The cursor is not an SFTP drop cursor', [
        { path: ['cursor'], message: 'not an SFTP drop cursor' },
      ])
    }
    return withSession(resolved, o.signal, async ({ client }) => {
      const scan = await scanDropFolder(client, {
        folder,
        pattern: resolved.pattern,
        archiveFolder: resolved.archiveFolder,
      }).catch((error: unknown) => {
        throw folderMissing(error, folder)
      })
      const drop = scan.candidates.find((c) => c.name === imported.name)
      if (drop === undefined) return { moved: [], note: `${imported.name} is no longer in the drop folder` }
      if (listingFingerprint(drop) !== imported.listing) {
        return { moved: [], note: `${imported.name} changed since it was imported; it was left in place` }
      }
      const archiveDir = posix.join(folder, resolved.archiveFolder)
      if (!(await client.exists(archiveDir))) await client.mkdir(archiveDir, true)
      const stamp = imported.modifiedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')
      const free = async (name: string): Promise<string> => {
        for (let n = 1; ; n++) {
          const candidate = posix.join(archiveDir, n === 1 ? name : `${name}.${n}`)
          if (!(await client.exists(candidate))) return candidate
        }
      }
      const moved: SftpArchiveResult['moved'] = []
      if (drop.name === '.') {
        const target = await free(stamp)
        await client.mkdir(target, true)
        for (const f of drop.files) {
          const from = posix.join(folder, f.name)
          const to = posix.join(target, f.name)
          await client.rename(from, to)
          moved.push({ from, to })
        }
      } else {
        const to = await free(`${stamp}-${drop.name}`)
        await client.rename(drop.path, to)
        moved.push({ from: drop.path, to })
      }
      return { moved }
    })
  }

  return {
    kind: 'oneroster-csv',
    supportsIncremental: true,
    get label() {
      if (lastDrop === undefined) return resolved.label
      if (lastDrop.outcome === 'no-new-drop') return `${resolved.label} (no new drop)`
      return lastDrop.name === '.' || lastDrop.name === undefined
        ? resolved.label
        : `${resolved.label}/${lastDrop.name}`
    },
    get lastDrop() {
      return lastDrop
    },
    testConnection(o: TestConnectionOptions = {}): Promise<ConnectionDiagnosis> {
      return diagnoseSftpDrop(resolved, o.signal)
    },
    pull(o: PullOptions = {}): Promise<Roster> {
      lastDrop = undefined
      return withSession(resolved, o.signal, (session) => pullDrop(session, o))
    },
    archiveImported: archive,
  }
}
