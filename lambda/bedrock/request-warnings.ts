/** @module Collects request-mapping warnings (ignored, dropped or clamped parameters) without duplicates. */

/** Ordered, de-duplicated warning messages for logs and the `x-gateway-warnings` header. */
class RequestWarnings {
  private readonly messages = new Set<string>();

  add(message: string): void {
    this.messages.add(message);
  }

  list(): string[] {
    return [...this.messages];
  }
}

export { RequestWarnings };
