const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Comment and card ids are UUIDs; anything else from the wire cannot name one. */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}
