import { createContext, useContext } from 'react'

// Per-request nonce for Remix's inline scripts, so the CSP needs no 'unsafe-inline'.
const NonceContext = createContext<string>('')
export const NonceProvider = NonceContext.Provider
export const useNonce = () => useContext(NonceContext)
