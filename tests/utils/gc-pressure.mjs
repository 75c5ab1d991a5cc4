// Preloaded into a test server (node --expose-gc --import): frequent full garbage collections, so that anything
// which only works while some object happens to be alive fails fast.
setInterval(() => globalThis.gc?.(), 50).unref()
