// What a route module may declare about the requests it accepts (its `handle` export), read by the edge guards.
// Routes declare nothing by default: their actions take browser forms of at most FORM_MAX_BYTES.
import { CALLBACK_MAX_BYTES } from '~/n8n/contract'

export type RequestRules = {
  /** `formulaire` (default): urlencoded or multipart forms only. `json`: a JSON body (machine callers). */
  corps?: 'formulaire' | 'json'
  /** Largest body accepted, in bytes (default FORM_MAX_BYTES). */
  maxOctets?: number
}

export type RouteHandle = { requete?: RequestRules }

export const FORM_MAX_BYTES = 1024 * 1024

/** Every route n8n calls: a JSON body of at most 64 KB (read again by the n8n JSON guard, app/n8n/json-request.server.ts). */
export const N8N_JSON_HANDLE: RouteHandle = { requete: { corps: 'json', maxOctets: CALLBACK_MAX_BYTES } }
