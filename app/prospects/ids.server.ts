// Numbers of new prospects: PROS_000151, PROS_000152… from the prospects_numero_seq sequence (created by the
// intake migration after the highest number in use; the seed moves it past the demo prospects).
import type { Prisma } from '~/utils/db.server'
import { formatProspectId } from './ids'

export async function nextProspectId(tx: Prisma.TransactionClient) {
  const [row] = await tx.$queryRaw<{ n: bigint }[]>`SELECT nextval('prospects_numero_seq') AS n`
  return formatProspectId(row.n)
}
