import { readFile } from 'node:fs/promises'
import { describeFileError, InputFileError, UsageError } from './exit-codes.js'

/**
 * Reads a JSON settings file (district parameters, a merge policy) named on the command line.
 * @param path - the file
 * @param what - what the file holds, for messages
 * @throws {InputFileError} when the file cannot be read
 * @throws {UsageError} when it is not JSON
 */
export async function readJsonFile(path: string, what: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    const reason = describeFileError(error) ?? `${path}: ${(error as Error).message}`
    throw new InputFileError(`cannot read the ${what} file ${reason}`)
  }
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new UsageError(`the ${what} file ${path} is not valid JSON: ${(error as Error).message}`)
  }
}
