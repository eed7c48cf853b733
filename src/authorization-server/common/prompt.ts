/** The values of `/authorize`'s `prompt` Scopegate knows (OIDC Core §3.1.2.1). */
export const PROMPT_VALUES = ['none', 'login', 'consent'] as const;
