/** The shape of a secret rule: data (id, keywords, regex, floors) plus its own examples. */
import type { RuleMeta } from "../../../kernel/rule.js";
import type { FakeSecrets } from "./fake.js";

/** Which family a rule belongs to (docs group rules by it). */
export type RuleFamily =
  | "cloud"
  | "vcs"
  | "payment"
  | "messaging"
  | "ai"
  | "registry"
  | "monitoring"
  | "deploy"
  | "saas"
  | "crypto"
  | "generic";

export interface SecretRule extends RuleMeta {
  family: RuleFamily;
  /**
   * Lower-case literals of which at least one must occur in the text before the
   * regex runs (the prefilter). Keep them as specific as the provider allows.
   */
  keywords: readonly string[];
  /**
   * The detector. The secret is capture group `secretGroup` (default: 1 when the
   * regex has groups, else the whole match; -1: the first group that matched, for
   * alternations like "prefixed token | token next to a keyword").
   */
  pattern: RegExp;
  secretGroup?: number;
  /** Shannon entropy floor (bits per character) the secret must reach. */
  minEntropy?: number;
  /** Provider-specific structure check (a checksum, a decodable header) — false drops the match. */
  validate?: (secret: string) => boolean;
  /**
   * The format defines the value (a Docker `auth` is base64 `user:password`): when
   * `validate` fails, generic rules must not report the same span either.
   */
  vetoOnFail?: boolean;
  /**
   * The provider's published checksum (GitHub's CRC-32 suffix, a PyPI macaroon's
   * structure): true reports the finding as *verified format*, false drops it.
   */
  checksum?: (secret: string) => boolean;
  /**
   * A check that needs the whole match, e.g. the assigned name in a keyword rule
   * (`csrf_token = …` is not a credential, `stripe_token = …` is) — false drops it.
   */
  validateMatch?: (secret: string, match: RegExpExecArray) => boolean;
  /**
   * Generic rules only: let a UUID or hex digest through the shared "known
   * non-secret shape" filter when the match says it is a key (`datadog_api_key: <32 hex>`).
   */
  allowKnownShape?: (secret: string, match: RegExpExecArray) => boolean;
  /**
   * Generic rules (keyword assignments, high entropy) get the false-positive
   * filters: placeholders, templated values, UUIDs, hex hashes; they are off in
   * lockfiles and minified bundles, where provider rules still run.
   */
  generic?: boolean;
  /**
   * Examples, checked by the rule table test. True positives are *built* at run
   * time (`fake`) so this source file never holds a secret-shaped literal and our
   * own scan of our own repo stays clean.
   */
  examples: {
    truePositives: (fake: FakeSecrets) => string[];
    falsePositives: readonly string[];
  };
}
