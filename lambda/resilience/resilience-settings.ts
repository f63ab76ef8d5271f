/**
 * @module The resilience settings, as resilience code reads them. They are declared with the runtime
 * configuration (lambda/platform/resilience-settings.ts), which the CDK app reads too and which
 * must not import domain code.
 */
export { DEFAULT_RESILIENCE_SETTINGS } from '../platform/resilience-settings';
export type { ResilienceSettings } from '../platform/resilience-settings';
