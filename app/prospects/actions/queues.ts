// The job engine's queues of the prospect actions.
export const QUEUES = {
  /** One job per attempt of an action: { actionId, numeroEssai }. */
  actions: 'actions',
  /** A delayed check after n8n's 202: the callback should have come by then. */
  rappel: 'actions-rappel',
  /** Jobs the engine gave up on (the worker kept crashing or erroring): the action fails, journaled. */
  abandon: 'actions-abandon',
} as const

export type AttemptJob = { actionId: string; numeroEssai: number }
