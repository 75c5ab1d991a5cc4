// What runs beside the requests, started once per process by server.js (or lazily by the dev server).
export type BootTask = { name: string; start: () => Promise<void> | void; stop?: () => Promise<void> | void }

const state = globalThis as unknown as { __bootTasks?: BootTask[]; __booted?: Promise<void> }
const tasks: BootTask[] = (state.__bootTasks ??= [])

/** Domain modules register their background work here. */
export function onBoot(task: BootTask) {
  if (!tasks.some((t) => t.name === task.name)) tasks.push(task)
}

export function boot() {
  state.__booted ??= (async () => {
    for (const task of tasks) {
      try {
        await task.start()
      } catch (error) {
        console.error(`[démarrage] « ${task.name} » a échoué :`, error)
      }
    }
  })()
  return state.__booted
}

export async function shutdown() {
  for (const task of [...tasks].reverse()) await Promise.resolve(task.stop?.()).catch(() => {})
}
