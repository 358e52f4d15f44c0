/**
 * SFTP drop streaming: a ~200 MB OneRoster bundle on OpenSSH's sshd (loopback) is pulled through
 * `createSftpCsvSource`, which streams it from the server through the hash and the zip inflater into
 * the CSV reader. The bundle is a generated district's CSV files plus a large stored (uncompressed)
 * attachment the reader skips, so the roster stays small and the peak RSS shows whether any stage
 * holds the bundle's bytes: the goal is a peak RSS growth well under the bundle's size.
 *
 * Sizes: SFTP_BENCH_MB (default 200), SFTP_BENCH_STUDENTS (default 20000).
 * Needs /usr/sbin/sshd (openssh-server); says so and skips without it.
 */
import { createWriteStream, statSync } from 'node:fs'
import { join } from 'node:path'
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate'
import { createSftpCsvSource, readOneRosterCsvFromPath } from '../src/node/index.js'
import { writeOneRosterCsv } from '../src/providers/csv/index.js'
import { generateDistrict } from '../src/testing/index.js'
import { sshdAvailable, startSshd } from '../test/helpers/sshd.js'
import { fmt, goal, measure, peakRssMiB, report } from './measure.js'

const TARGET_MB = Number(process.env.SFTP_BENCH_MB ?? 200)
const STUDENTS = Number(process.env.SFTP_BENCH_STUDENTS ?? 20_000)
const MiB = 1024 * 1024

/** Writes the bundle to disk as a stream, so building it does not inflate this process's RSS either. */
async function writeBundle(path: string): Promise<void> {
  const files = writeOneRosterCsv(generateDistrict({ students: STUDENTS, seed: 7 }), { version: '1.2' }).files
  const out = createWriteStream(path)
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve)
    out.on('error', reject)
  })
  let waiting: Promise<void> = Promise.resolve()
  const zip = new Zip((err, chunk, final) => {
    if (err) throw err
    if (!out.write(chunk) && out.listenerCount('drain') === 0)
      waiting = new Promise((r) => out.once('drain', () => r()))
    if (final) out.end()
  })
  const names = Object.keys(files).sort((a, b) => (a === 'manifest.csv' ? -1 : b === 'manifest.csv' ? 1 : 0))
  const encoder = new TextEncoder()
  for (const name of names) {
    const entry = new ZipDeflate(name, { level: 6 })
    zip.add(entry)
    entry.push(encoder.encode(files[name]!), true)
  }
  const attachment = new ZipPassThrough('attachments/photos.bin')
  zip.add(attachment)
  const block = new Uint8Array(MiB)
  for (let i = 0; i < block.length; i++) block[i] = (i * 2654435761) >>> 24
  for (let mb = 0; mb < TARGET_MB; mb++) {
    attachment.push(block, mb === TARGET_MB - 1)
    await waiting
  }
  zip.end()
  await done
}

/** Samples RSS, and every 20th time what survives a full collection, while `fn` runs. */
async function sampled<T>(fn: () => Promise<T>) {
  global.gc?.()
  const before = process.memoryUsage()
  let rss = before.rss
  let held = 0
  let ticks = 0
  const timer = setInterval(() => {
    rss = Math.max(rss, process.memoryUsage().rss)
    if (++ticks % 20 === 0 && global.gc) {
      global.gc()
      const m = process.memoryUsage()
      held = Math.max(held, m.heapUsed + m.external + m.arrayBuffers)
    }
  }, 20)
  try {
    const timed = await measure(fn)
    const base = before.heapUsed + before.external + before.arrayBuffers
    return { ...timed, rssGrowth: (rss - before.rss) / MiB, heldGrowth: Math.max(0, held - base) / MiB }
  } finally {
    clearInterval(timer)
  }
}

async function main(): Promise<void> {
  if (!sshdAvailable()) {
    console.log('SKIPPED: the SFTP benchmark needs /usr/sbin/sshd (apt-get install openssh-server)')
    return
  }
  const sshd = await startSshd()
  try {
    const path = join(sshd.dropDir, 'roster-bench.zip')
    await writeBundle(path)
    const size = statSync(path).size
    const source = createSftpCsvSource({
      host: sshd.host,
      port: sshd.port,
      username: sshd.username,
      privateKey: sshd.privateKey,
      hostKey: sshd.hostFingerprint,
      path: sshd.dropDir,
      settleMs: 500,
      limits: { maxRatio: 1000 },
    })
    const sftp = await sampled(() => source.pull())
    const roster = sftp.result
    // The same bundle read from the local disk: what the roster itself and the reader cost.
    const local = await sampled(() => readOneRosterCsvFromPath(path, { limits: { maxRatio: 1000 } }))
    report(`SFTP pull of a ${fmt(size / MiB)} MiB drop from sshd on loopback`, [
      [
        'bundle',
        `${fmt(size / MiB)} MiB (${fmt(roster.users.length)} users, ${fmt(roster.enrollments.length)} enrollments)`,
      ],
      ['wall', `${fmt(sftp.wallMs)} ms (${fmt(size / MiB / (sftp.wallMs / 1000))} MiB/s, includes a 0.5 s settle)`],
      ['cpu', `${fmt(sftp.cpuMs)} ms`],
      ['peak rss growth', `${fmt(sftp.rssGrowth)} MiB`],
      ['peak held after gc, growth', `${fmt(sftp.heldGrowth)} MiB (heap + external + array buffers)`],
      [
        'same bundle from local disk',
        `${fmt(local.wallMs)} ms; rss growth ${fmt(local.rssGrowth)} MiB, held ${fmt(local.heldGrowth)} MiB`,
      ],
      [
        'held beyond the local read',
        goal('of the bundle size', Math.max(0, sftp.heldGrowth - local.heldGrowth) / (size / MiB), 0.25),
      ],
      ['process peak rss', `${fmt(peakRssMiB())} MiB (bundle build included)`],
      ['sha256', source.lastDrop?.sha256 ?? '-'],
    ])
  } finally {
    await sshd.stop()
  }
}

await main()
