// The service worker. Listeners are registered synchronously at top level so that a worker
// woken by an event sees its listener (MV3 drops events that arrive before registration).
export {};
