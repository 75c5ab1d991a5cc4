// Numbers that end up in an integer column (ids of journal entries and notifications): bounded where they are read,
// so an id past PostgreSQL's range is a clear 400 and never a database error.
import { z } from 'zod'

/** Largest value of a PostgreSQL `integer`. */
export const PG_INT_MAX = 2_147_483_647

/** A positive id of an integer column, as a form sends it (Conform turns the text into a number first). */
export function dbIdSchema(message: string) {
  return z.number({ required_error: message, invalid_type_error: message }).int(message).positive(message).max(PG_INT_MAX, message)
}
