/**
 * The third-party actions the workflows `crm-devex init` writes, pinned from the repository's one
 * table (action-pins.json, which our own workflows and docs are checked against): a consumer gets
 * the same commit for the same version as our reusable workflows run.
 */
import table from "./action-pins.json" with { type: "json" };

/** One row: the release tag and the commit it points at, and when that was checked. */
export interface ActionPin {
  version: string;
  sha: string;
  verified: string;
}

/** Pins by repository (`owner/repo`); an action in a subfolder (`github/codeql-action/upload-sarif`) uses its repository's row. */
export const ACTION_PINS: Readonly<Record<string, ActionPin>> = table.actions;

/**
 * The `uses:` value for a third-party action, pinned as the table says.
 *
 * @example
 * pinnedUses("actions/checkout") // "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2"
 */
export function pinnedUses(action: string): string {
  const repository = action.split("/").slice(0, 2).join("/");
  const pin = ACTION_PINS[repository];
  // A programming error, not a user's: the table is ours and the test over it runs in the suite.
  if (!pin) throw new Error(`${repository} has no row in action-pins.json`);
  return `${action}@${pin.sha} # ${pin.version}`;
}
