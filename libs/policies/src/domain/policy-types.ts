/** The policy document of API.md §3 and the effective policy it resolves to. */

export type BindingMode = 'unlimited' | 'sticky' | 'limit';
export type ConcurrencyMode = 'unlimited' | 'limit';
export type MisuseMode = 'off' | 'lock';
export type IpLimitType = 'ip' | 'region';

/** A document as stored (`defaultLicensePolicy`, `policyOverride`): any subset of the schema. */
export type PolicyDocument = Record<string, unknown>;

export interface PolicyProblem {
  /** Dotted path inside the document (`limits.hwid.maxDistinct`), '' for the document itself. */
  path: string;
  message: string;
}

export interface ResetBudget {
  /** Resets allowed over the license's lifetime; null = unrestricted. */
  max: number | null;
  cooldownHours: number;
}

/** Every field present; numbers a mode does not use are kept (or null when never set). */
export interface EffectivePolicy {
  v: 1;
  limits: {
    hwid: { mode: BindingMode; maxDistinct: number | null };
    ip: { mode: BindingMode; maxDistinct: number | null; windowDays: number | null; limitType: IpLimitType };
    concurrency: { mode: ConcurrencyMode; maxActive: number | null; sessionTtlSeconds: number };
    resetBudget: { hwid: ResetBudget; ip: ResetBudget };
    misuse: { mode: MisuseMode; maxDistinctContexts: number | null; windowHours: number | null };
  };
}

export interface ResolvedPolicy {
  /** Null when the merged document is not a valid effective policy. */
  effective: EffectivePolicy | null;
  problems: PolicyProblem[];
}
