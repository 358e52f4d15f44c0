#!/usr/bin/env node
/**
 * The rosterkit command line (Node only): `rosterkit <command> [options]`.
 * @module
 */
import { DEMO_USAGE, runDemo } from './commands/demo.js'

/** A CLI command: runs with the arguments after its name and returns an exit code. */
type Command = (args: readonly string[]) => number | Promise<number>

const COMMANDS: Readonly<Record<string, { run: Command; usage: string }>> = {
  demo: {
    run: (args) => {
      runDemo(args)
      return 0
    },
    usage: DEMO_USAGE,
  },
}

const USAGE = `usage: rosterkit <command> [options]

commands:
  demo    generate a realistic district and print a summary of its roster

Run "rosterkit <command> --help" for a command's options.`

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv
  if (name === undefined || name === '--help' || name === '-h') {
    console.log(USAGE)
    return name === undefined ? 2 : 0
  }
  const command = COMMANDS[name]
  if (!command) {
    console.error(`rosterkit: unknown command "${name}"\n\n${USAGE}`)
    return 2
  }
  if (args.includes('--help') || args.includes('-h')) {
    console.log(command.usage)
    return 0
  }
  try {
    return await command.run(args)
  } catch (err) {
    // Bad arguments are the user's to fix: say what, not where in rosterkit.
    if (err instanceof TypeError) {
      console.error(`rosterkit ${name}: ${err.message}\n\n${command.usage}`)
      return 2
    }
    throw err
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (err: unknown) => {
    console.error(err)
    process.exitCode = 1
  },
)
