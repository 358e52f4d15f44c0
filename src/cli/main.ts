#!/usr/bin/env node
import { VERSION } from '../version.js'
/**
 * The rosterkit command line (Node only): `rosterkit <command> [options]`.
 * @module
 */
import { DEMO_USAGE, runDemo } from './commands/demo.js'
import { PLAN_USAGE, runPlan } from './commands/plan.js'
import { PULL_USAGE, runPull } from './commands/pull.js'
import { RUNS_USAGE, runRuns } from './commands/runs.js'
import { runServeMock, SERVE_MOCK_USAGE } from './commands/serve-mock.js'
import { runSync, SYNC_USAGE } from './commands/sync.js'
import { runTestConnection, TEST_CONNECTION_USAGE } from './commands/test-connection.js'
import { runValidate, VALIDATE_USAGE } from './commands/validate.js'
import { describeError, EXIT, EXIT_CODES_HELP, exitCodeOf } from './exit-codes.js'
import { type CliIo, createProcessIo } from './io.js'

/** A CLI command: runs with the arguments after its name and returns an exit code. */
type Command = (args: readonly string[], io: CliIo) => number | Promise<number>

const COMMANDS: Readonly<Record<string, { run: Command; usage: string }>> = {
  demo: { run: runDemo, usage: DEMO_USAGE },
  'test-connection': { run: runTestConnection, usage: TEST_CONNECTION_USAGE },
  pull: { run: runPull, usage: PULL_USAGE },
  validate: { run: runValidate, usage: VALIDATE_USAGE },
  plan: { run: runPlan, usage: PLAN_USAGE },
  'serve-mock': { run: runServeMock, usage: SERVE_MOCK_USAGE },
  sync: { run: runSync, usage: SYNC_USAGE },
  runs: { run: runRuns, usage: RUNS_USAGE },
}

const USAGE = `usage: rosterkit <command> [options]

commands:
  demo              walk through a whole sync against a generated district on loopback servers
  test-connection   check a source's credentials and endpoints, and say what to fix
  pull              pull a roster to a OneRoster CSV zip or canonical JSON
  validate          validate a CSV bundle or a live source against the district's parameters
  plan              show what a sync would change between two bundles, or a bundle and a source
  serve-mock        serve a generated district from a loopback OneRoster or Clever server to try the others on
  sync              preview, approve or run one district's sync into Postgres or an embedded PGlite
  runs              list a district's past syncs with their outcome

Run "rosterkit <command> --help" for a command's options, "rosterkit --version" for the version.

${EXIT_CODES_HELP}`

/**
 * Runs the command line.
 * @param argv - the arguments after the program name
 * @param io - where to write
 * @returns the exit code
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv
  if (name === undefined || name === '--help' || name === '-h') {
    ;(name === undefined ? io.err : io.out)(`${USAGE}\n`)
    return name === undefined ? EXIT.usage : EXIT.ok
  }
  if (name === '--version' || name === '-v' || name === '-V') {
    io.out(`rosterkit ${VERSION}\n`)
    return EXIT.ok
  }
  const command = COMMANDS[name]
  if (!command) {
    io.err(`rosterkit: unknown command "${name}"\nRun "rosterkit --help" for the list of commands.\n`)
    return EXIT.usage
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.out(`${command.usage}\n\n${EXIT_CODES_HELP}\n`)
    return EXIT.ok
  }
  try {
    return await command.run(args, io)
  } catch (error) {
    const code = exitCodeOf(error)
    // Bad arguments are the user's to fix: say what, and where the command's options are listed.
    const help = code === EXIT.usage ? `\nRun "rosterkit ${name} --help" for its options.` : ''
    io.err(`rosterkit ${name}: ${describeError(error)}${help}\n`)
    return code
  }
}

// Run only as the program, not when a test imports `main`.
const invoked = process.argv[1] ?? ''
if (/(?:^|[\\/])(?:main|cli|rosterkit)(?:\.[cm]?js)?$/.test(invoked)) {
  const io = createProcessIo()
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code
    },
    (error: unknown) => {
      io.err(`rosterkit: ${describeError(error)}\n`)
      process.exitCode = EXIT.problems
    },
  )
}
