/** The injection token of the options with their defaults filled in. */
export const RESOLVED_OPTIONS = Symbol('RESOURCE_SERVER_RESOLVED_OPTIONS');
