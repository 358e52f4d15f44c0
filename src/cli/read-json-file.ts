import { readFile } from 'node:fs/promises'
import { ConfigurationError, isConfigurationError } from '../errors.js'
import { describeFileError, InputFileError, UsageError } from './exit-codes.js'

/**
 * Reads a JSON settings file (district parameters, a merge policy) named on the command line.
 * @param path - the file
 * @param what - what the file holds, for messages
 * @param parse - checks the value, e.g. `parseDistrictParameters`; its ConfigurationError (an unknown
 *   key with the closest known one, a bad value) is rethrown naming the file
 * @throws {InputFileError} when the file cannot be read
 * @throws {UsageError} when it is not JSON
 * @throws {ConfigurationError} when `parse` refuses the value
 */
export async function readJsonFile<T = unknown>(path: string, what: string, parse?: (value: unknown) => T): Promise<T> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    const reason = describeFileError(error) ?? `${path}: ${(error as Error).message}`
    throw new InputFileError(`cannot read the ${what} file ${reason}`)
  }
  let value: unknown
  try {
    value = JSON.parse(text) as unknown
  } catch (error) {
    throw new UsageError(`the ${what} file ${path} is not valid JSON: ${(error as Error).message}`)
  }
  if (parse === undefined) return value as T
  try {
    return parse(value)
  } catch (error) {
    if (!isConfigurationError(error)) throw error
    throw new ConfigurationError(`the ${what} file ${path}: ${error.message}`, error.issues, { cause: error })
  }
}
