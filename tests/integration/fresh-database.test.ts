// The reset between tests (tests/utils/fresh-database.ts): what one test writes is gone for the next, the demo data
// and what the file's beforeAll set up are back, and ids keep counting up. The tests below run in order on purpose.
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server'
import { createJournalEntry, createProspect, createUser } from '../utils/db-utils'
import { useFreshDatabase } from '../utils/fresh-database'

useFreshDatabase()

let shared: string
beforeAll(async () => {
  shared = (await createUser({ nom: 'Partagée par le fichier' })).id
})

const counts = () => Promise.all([db.prospect.count(), db.journalErreur.count(), db.utilisateur.count(), db.evenementProspect.count()])
let start: Awaited<ReturnType<typeof counts>>
let first: { prospectId: string; entryId: number }

describe('une base fraîche à chaque test', () => {
  it('1. un test écrit : un prospect modifié, un prospect créé, une entrée du journal, un utilisateur supprimé', async () => {
    start = await counts()
    const demo = await db.prospect.findFirstOrThrow({ orderBy: { id: 'asc' } })
    await db.prospect.update({ where: { id: demo.id }, data: { nom: 'ÉCRASÉ PAR LE TEST 1' } })
    const prospect = await createProspect()
    const entry = await createJournalEntry({ prospectId: prospect.id })
    await db.utilisateur.delete({ where: { id: shared } })
    first = { prospectId: prospect.id, entryId: entry.id }
    expect(await db.utilisateur.count()).toBe(start[2] - 1)
  })

  it('2. le test suivant retrouve l’état de départ, et les identifiants continuent de croître', async () => {
    expect(await counts()).toEqual(start)
    expect(await db.prospect.findUnique({ where: { id: first.prospectId } })).toBeNull()
    expect(await db.prospect.count({ where: { nom: 'ÉCRASÉ PAR LE TEST 1' } })).toBe(0)
    // What the file's beforeAll created is part of the starting state.
    expect(await db.utilisateur.findUnique({ where: { id: shared } })).not.toBeNull()
    const entry = await createJournalEntry()
    expect(entry.id).toBeGreaterThan(first.entryId)
  })
})
