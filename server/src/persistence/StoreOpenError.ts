/** The store could not be opened at start-up: the server says why and exits (code 3). */
export class StoreOpenError extends Error {
  override name = 'StoreOpenError'
}
