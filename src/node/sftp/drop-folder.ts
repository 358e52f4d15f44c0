import { posix } from 'node:path'
import { SftpDropError } from './errors.js'
import type { SftpClientLike, SftpListEntry } from './load-client.js'

/**
 * Finds the bundles in a drop folder — zip files, sub-folders of CSV files, or CSV files lying in the
 * folder itself — and tells the complete ones from those still being uploaded: a temporary name
 * (`.part`, `.tmp`, `.filepart`, a hidden file) or a size or time that changes between two listings
 * a settle interval apart means the upload is not finished, so the bundle is not read.
 *
 * @module
 */

/** One file of a drop. */
export interface DropFile {
  /** Base name. */
  name: string
  /** Size in bytes. */
  size: number
  /** Modification time in milliseconds. */
  modifiedMs: number
}

/** A bundle found in the drop folder. */
export interface DropCandidate {
  /** A zip file, or a folder of CSV files. */
  kind: 'zip' | 'folder'
  /** Its name in the drop folder; `.` for CSV files lying in the drop folder itself. */
  name: string
  /** Its full remote path. */
  path: string
  /** The zip, or the folder's CSV files, sorted by name. */
  files: DropFile[]
  /** The latest modification time of its files. */
  modifiedMs: number
  /** Total size in bytes. */
  size: number
}

/** What one look at the drop folder found. */
export interface DropScan {
  /** Bundles whose files all have final names. */
  candidates: DropCandidate[]
  /** Names of uploads still in progress (temporary names), or of bundles that changed while settling. */
  inProgress: string[]
}

/** How to look at the drop folder. */
export interface DropFolderOptions {
  /** The drop folder. */
  folder: string
  /** Which zip and folder names are drops; by default every `.zip` and every sub-folder with CSV files. */
  pattern?: RegExp | undefined
  /** The archive sub-folder, never read as a drop. */
  archiveFolder: string
}

const TEMPORARY = /\.(part|partial|tmp|temp|filepart|upload|uploading|crdownload|inprogress|writing)$/i

/**
 * Turns a glob such as `roster-*.zip` into an anchored, case-insensitive expression.
 * @param glob - `*` matches any run of characters, `?` one character
 */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${body}$`, 'i')
}

/**
 * Refuses a listed name that could climb out of the drop folder. A well-behaved server never sends
 * one, so it is an error rather than a skip.
 * @throws {SftpDropError} (`unsafe-name`)
 */
export function checkListedName(name: string, folder: string): void {
  if (name.includes('/') || name.includes('\\') || name.includes('\0') || /^\.\.+$/.test(name)) {
    throw new SftpDropError(`The drop folder lists an unsafe file name ${JSON.stringify(name)}`, {
      reason: 'unsafe-name',
      folder,
      file: name,
      hint: 'The SFTP server sent a name with a path in it; report this to the SFTP host',
    })
  }
}

function isTemporary(name: string): boolean {
  return name.startsWith('.') || name.startsWith('~') || TEMPORARY.test(name)
}

function usable(entries: SftpListEntry[], folder: string): SftpListEntry[] {
  return entries.filter((e) => {
    if (e.name === '.' || e.name === '..') return false
    checkListedName(e.name, folder)
    return true
  })
}

function folderCandidate(name: string, path: string, files: DropFile[]): DropCandidate {
  files.sort((a, b) => a.name.localeCompare(b.name))
  return {
    kind: 'folder',
    name,
    path,
    files,
    modifiedMs: Math.max(...files.map((f) => f.modifiedMs)),
    size: files.reduce((n, f) => n + f.size, 0),
  }
}

function csvFiles(entries: SftpListEntry[]): { files: DropFile[]; temporary: boolean } {
  const files: DropFile[] = []
  let temporary = false
  for (const e of entries) {
    if (e.type !== '-') continue
    if (isTemporary(e.name)) {
      temporary = true
      continue
    }
    if (e.name.toLowerCase().endsWith('.csv')) files.push({ name: e.name, size: e.size, modifiedMs: e.modifyTime })
  }
  return { files, temporary }
}

/**
 * Lists the drop folder once.
 * @throws {SftpDropError} (`unsafe-name`) when the server lists a name with a path in it
 * @throws the client's error when the folder cannot be listed (e.g. it does not exist)
 */
export async function scanDropFolder(client: SftpClientLike, options: DropFolderOptions): Promise<DropScan> {
  const { folder, pattern, archiveFolder } = options
  const entries = usable(await client.list(folder), folder)
  const candidates: DropCandidate[] = []
  const inProgress: string[] = []
  const matches = (name: string) => pattern === undefined || pattern.test(name)
  for (const e of entries) {
    if (e.type === '-' && e.name.toLowerCase().endsWith('.zip') && matches(e.name)) {
      candidates.push({
        kind: 'zip',
        name: e.name,
        path: posix.join(folder, e.name),
        files: [{ name: e.name, size: e.size, modifiedMs: e.modifyTime }],
        modifiedMs: e.modifyTime,
        size: e.size,
      })
    } else if (
      e.type === '-' &&
      isTemporary(e.name) &&
      (pattern === undefined || matches(e.name.replace(TEMPORARY, '')))
    ) {
      inProgress.push(e.name)
    } else if (e.type === 'd' && e.name !== archiveFolder && !isTemporary(e.name) && matches(e.name)) {
      const path = posix.join(folder, e.name)
      const inside = usable(await client.list(path), path)
      const { files, temporary } = csvFiles(inside)
      if (temporary) inProgress.push(e.name)
      else if (files.length > 0) candidates.push(folderCandidate(e.name, path, files))
    }
  }
  // CSV files lying in the drop folder itself form one bundle, when no pattern narrows the drops.
  if (pattern === undefined) {
    const { files } = csvFiles(entries)
    if (files.length > 0) candidates.push(folderCandidate('.', folder, files))
  }
  return { candidates, inProgress }
}

function signature(c: DropCandidate): string {
  return c.files.map((f) => `${f.name}\0${f.size}\0${f.modifiedMs}`).join('\n')
}

/**
 * Lists the folder twice, `settleMs` apart, and keeps the bundles that did not change in between.
 * @param settleMs - how long a bundle must stay unchanged to count as complete
 */
export async function scanSettled(
  client: SftpClientLike,
  options: DropFolderOptions,
  settleMs: number,
  signal?: AbortSignal,
): Promise<DropScan> {
  const first = await scanDropFolder(client, options)
  if (settleMs <= 0) return first
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, settleMs)
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer)
        resolve()
      },
      { once: true },
    )
  })
  const second = await scanDropFolder(client, options)
  const before = new Map(first.candidates.map((c) => [c.name, signature(c)]))
  const candidates: DropCandidate[] = []
  const inProgress = new Set([...first.inProgress, ...second.inProgress])
  for (const c of second.candidates) {
    if (before.get(c.name) === signature(c)) candidates.push(c)
    else inProgress.add(c.name)
  }
  return { candidates, inProgress: [...inProgress] }
}

/**
 * The newest bundle: latest modification time, then the greatest name (date-stamped names sort by date).
 * @param candidates - complete bundles
 */
export function newestDrop(candidates: readonly DropCandidate[]): DropCandidate | undefined {
  let best: DropCandidate | undefined
  for (const c of candidates) {
    if (!best || c.modifiedMs > best.modifiedMs || (c.modifiedMs === best.modifiedMs && c.name > best.name)) best = c
  }
  return best
}
