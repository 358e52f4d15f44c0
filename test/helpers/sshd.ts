import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, connect as netConnect } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'

/**
 * A real OpenSSH server on loopback for SFTP tests: its own config, host key, client key and port
 * in a temporary folder, serving `internal-sftp` to the user running the tests. Under `CI=true` a
 * missing sshd is an error (CI installs it); elsewhere the tests say they were skipped.
 */

/** Where Debian's openssh-server installs the daemon. */
export const SSHD_PATH = process.env.ROSTERKIT_SSHD ?? '/usr/sbin/sshd'

/** True when sshd and ssh-keygen are there to run. */
export function sshdAvailable(): boolean {
  if (!existsSync(SSHD_PATH)) return false
  try {
    execFileSync('ssh-keygen', ['-?'], { stdio: 'ignore' })
  } catch (error) {
    // ssh-keygen -? exits non-zero after printing its usage; only a missing binary is a problem.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
  }
  return true
}

/**
 * Says why SFTP tests are skipped, or throws under CI where they must run.
 * @returns true when the tests can run
 */
export function requireSshd(): boolean {
  if (sshdAvailable()) return true
  if (process.env.CI === 'true') {
    throw new Error(`SFTP tests must run under CI, but ${SSHD_PATH} is missing (.ci/run installs openssh-server)`)
  }
  console.warn(
    `SKIPPED: SFTP tests need OpenSSH's sshd at ${SSHD_PATH} (apt-get install openssh-server); they were not run`,
  )
  return false
}

/** A running sshd. */
export interface TestSshd {
  host: '127.0.0.1'
  port: number
  /** The user to log in as (the user running the tests). */
  username: string
  /** Private key (OpenSSH text) that the server accepts. */
  privateKey: string
  /** Another private key the server does not accept. */
  otherPrivateKey: string
  /** The server's public host key line (`ssh-ed25519 AAAA…`). */
  hostPublicKey: string
  /** The server's host key fingerprint as `ssh-keygen -lf` prints it. */
  hostFingerprint: string
  /** The fingerprint of a key the server does not have. */
  otherFingerprint: string
  /** A folder the tests fill with drops (absolute path, readable over SFTP). */
  dropDir: string
  /** The temporary folder of everything. */
  root: string
  stop(): Promise<void>
}

function keygen(path: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'rosterkit-test', '-f', path], {
    stdio: 'ignore',
  })
}

function fingerprint(pubPath: string): string {
  const out = execFileSync('ssh-keygen', ['-lf', pubPath], { encoding: 'utf8' })
  const match = /SHA256:\S+/.exec(out)
  if (!match) throw new Error(`no fingerprint in ${out}`)
  return match[0]
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode}: ${log()}`)
    const open = await new Promise<boolean>((resolve) => {
      const socket = netConnect(port, '127.0.0.1')
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (open) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`sshd did not listen on ${port}: ${log()}`)
}

/**
 * Starts sshd on a free loopback port with a config of its own.
 * @param extraConfig - more sshd_config lines (e.g. `PasswordAuthentication yes`)
 */
export async function startSshd(extraConfig: readonly string[] = []): Promise<TestSshd> {
  const root = mkdtempSync(join(tmpdir(), 'rosterkit-sshd-'))
  const dropDir = join(root, 'drop')
  mkdirSync(dropDir)
  keygen(join(root, 'host_key'))
  keygen(join(root, 'client_key'))
  keygen(join(root, 'other_key'))
  keygen(join(root, 'other_host_key'))
  writeFileSync(join(root, 'authorized_keys'), readFileSync(join(root, 'client_key.pub')))
  // Privilege separation needs this folder when sshd runs as root.
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true })
  const port = await freePort()
  const username = userInfo().username
  const config = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${join(root, 'host_key')}`,
    `PidFile ${join(root, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(root, 'authorized_keys')}`,
    'StrictModes no',
    'PermitRootLogin yes',
    'PubkeyAuthentication yes',
    'PasswordAuthentication yes',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'Subsystem sftp internal-sftp',
    'ForceCommand internal-sftp',
    'LogLevel ERROR',
    ...extraConfig,
  ].join('\n')
  const configPath = join(root, 'sshd_config')
  writeFileSync(configPath, `${config}\n`)
  let stderr = ''
  const child = spawn(SSHD_PATH, ['-D', '-e', '-f', configPath], { stdio: ['ignore', 'ignore', 'pipe'] })
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString()
  })
  await waitForPort(port, child, () => stderr)
  return {
    host: '127.0.0.1',
    port,
    username,
    privateKey: readFileSync(join(root, 'client_key'), 'utf8'),
    otherPrivateKey: readFileSync(join(root, 'other_key'), 'utf8'),
    hostPublicKey: readFileSync(join(root, 'host_key.pub'), 'utf8').trim(),
    hostFingerprint: fingerprint(join(root, 'host_key.pub')),
    otherFingerprint: fingerprint(join(root, 'other_host_key.pub')),
    dropDir,
    root,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
      rmSync(root, { recursive: true, force: true })
    },
  }
}
