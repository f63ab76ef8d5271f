/** @module JSON for the restJson1 wire: blobs (Uint8Array) travel as base64 strings. */

/** Serialises SDK-typed shapes; byte arrays become base64 as the SDK's deserializer expects. */
function toWireJson(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) => (member instanceof Uint8Array ? Buffer.from(member).toString('base64') : member));
}

export { toWireJson };
