/**
 * JSON Schema 2020-12 applicators OpenAPI 3.1 brings: `prefixItems` (tuple positions),
 * `contains` (with minContains/maxContains, compared as bounds), `dependentSchemas` — each
 * judged by direction (a request must still accept every old value; a response must still
 * keep every old promise). `unevaluatedProperties`/`unevaluatedItems` and `items: false` are
 * canonical forms of rules that exist already (see diff/canonical.ts).
 */
import type { ContractRule, RuleExample } from "../model.js";
import { int, obj, str } from "./_fragments.js";

/** The request body's `field` property changes from `base` to `head`. */
function req(title: string, base: unknown, head: unknown, field: string): RuleExample {
  return { title, base: { request: obj({ [field]: base }) }, head: { request: obj({ [field]: head }) } };
}

/** The 200 response's required `field` property changes from `base` to `head`. */
function res(title: string, base: unknown, head: unknown, field: string): RuleExample {
  return { title, base: { response: obj({ [field]: base }, [field]) }, head: { response: obj({ [field]: head }, [field]) } };
}

type Entry = Omit<ContractRule, "area" | "direction">;
const request = (entry: Entry): ContractRule => ({ ...entry, area: "schema", direction: "request" });
const response = (entry: Entry): ContractRule => ({ ...entry, area: "schema", direction: "response" });

// A map pin as a tuple: [longitude, latitude], optionally followed by free-form extras.
const lonLat = { type: "array", prefixItems: [{ type: "number" }, { type: "number" }] };
const lonLatAlt = { type: "array", prefixItems: [{ type: "number" }, { type: "number" }, { type: "number", minimum: 0 }] };
// Closed tuples (`items: false`): no item past the prefix. Past a closed side a position is empty, not free.
const lonLatClosed = { ...lonLat, items: false };
const lonLatAltClosed = { ...lonLatAlt, items: false };
const numbers = { type: "array", items: { type: "number" } };
// Viewing slots: an array that must include at least one confirmed slot.
const slot = obj({ at: str(), confirmed: { type: "boolean" } });
const slots = (contains?: unknown) => ({ type: "array", items: slot, ...(contains === undefined ? {} : { contains }) });
const confirmedSlot = { properties: { confirmed: { const: true } }, required: ["confirmed"] };
// A listing whose `reduced` price brings a `previousPrice` of at least 1.
const listing = (dependentSchemas?: Record<string, unknown>) => ({
  type: "object",
  properties: { reduced: { type: "boolean" }, previousPrice: int() },
  ...(dependentSchemas ? { dependentSchemas } : {}),
});
const reducedNeedsPrice = { reduced: { required: ["previousPrice"], properties: { previousPrice: int({ minimum: 1 }) } } };
const reducedNeedsPriceAtLeast100 = { reduced: { required: ["previousPrice"], properties: { previousPrice: int({ minimum: 100 }) } } };

export const applicatorRules: ContractRule[] = [
  request({
    id: "request-prefix-item-added",
    description: "A request tuple constrains a position nothing constrained before (`prefixItems` grew where no `items` schema applied).",
    level: "breaking",
    message: "the request array `{target}` now constrains the item at position {position}",
    docs: "Clients sending any other value at that position get validation errors. Positions described before (by `prefixItems` or the old `items` schema) are compared schema against schema instead.",
    mirror: "response-prefix-item-removed",
    fires: [
      req("a third position, altitude ≥ 0", lonLat, lonLatAlt, "pin"),
      req("a third position on an open tuple, then closed (anything was allowed there)", lonLat, lonLatAltClosed, "pin"),
    ],
    quiet: [
      req("a position dropped", lonLatAlt, lonLat, "pin"),
      req("an items schema split into the same per-position schemas", numbers, { ...lonLat, items: { type: "number" } }, "pin"),
      req("a closed tuple gains a position (nothing was allowed there: a higher maxItems)", lonLatClosed, lonLatAltClosed, "pin"),
      req("a closed tuple opened with a new position", lonLatClosed, lonLatAlt, "pin"),
      req("an open tuple capped by maxItems gains a position", { ...lonLat, maxItems: 2 }, lonLatAlt, "pin"),
    ],
  }),
  request({
    id: "request-prefix-item-removed",
    description: "A request tuple no longer constrains a position.",
    level: "info",
    message: "the request array `{target}` no longer constrains the item at position {position}",
    docs: "Looser input.",
    mirror: "response-prefix-item-added",
    fires: [req("altitude position dropped", lonLatAlt, lonLat, "pin"), req("a closed tuple's last position dropped and the tuple opened", lonLatAltClosed, lonLat, "pin")],
    quiet: [
      req("altitude position added", lonLat, lonLatAlt, "pin"),
      req("closing the tuple before a position forbids it, a lower maxItems", lonLatAlt, lonLatClosed, "pin"),
    ],
  }),
  response({
    id: "response-prefix-item-removed",
    description: "A response tuple no longer promises what a position holds.",
    level: "warning",
    message: "the response array `{target}` no longer promises the item at position {position}",
    docs: "Clients destructuring the tuple (`const [lon, lat, alt] = pin`) may read a value of another type there.",
    mirror: "request-prefix-item-added",
    fires: [res("altitude position dropped", lonLatAlt, lonLat, "pin"), res("a closed tuple's last position dropped and the tuple opened", lonLatAltClosed, lonLat, "pin")],
    quiet: [
      res("altitude position added", lonLat, lonLatAlt, "pin"),
      res("per-position schemas folded into the same items schema", { ...lonLat, items: { type: "number" } }, numbers, "pin"),
      res("a closed tuple loses its last position (nothing is returned there: a stronger promise)", lonLatAltClosed, lonLatClosed, "pin"),
      res("an open tuple closed before a position", lonLatAlt, lonLatClosed, "pin"),
    ],
  }),
  response({
    id: "response-prefix-item-added",
    description: "A response tuple now promises what a position holds.",
    level: "info",
    message: "the response array `{target}` now promises the item at position {position}",
    docs: "A stronger guarantee.",
    mirror: "request-prefix-item-removed",
    fires: [res("altitude position added", lonLat, lonLatAlt, "pin"), res("a third position on an open tuple, then closed", lonLat, lonLatAltClosed, "pin")],
    quiet: [
      res("closing the tuple is a maxItems, not a position", lonLat, lonLatClosed, "pin"),
      res("a closed tuple gains a position (an item where none was: a higher maxItems)", lonLatClosed, lonLatAltClosed, "pin"),
    ],
  }),
  request({
    id: "request-contains-added",
    description: "A request array must now contain an item matching a schema (`contains`).",
    level: "breaking",
    message: "the request array `{target}` must now contain a matching item",
    docs: "Clients sending arrays without such an item (or an empty array) get validation errors. A changed `contains` schema is compared as a schema; `minContains`/`maxContains` as bounds.",
    mirror: "response-contains-removed",
    fires: [
      req("at least one confirmed slot", slots(), slots(confirmedSlot), "slots"),
      req("at most one confirmed slot (minContains: 0, maxContains: 1)", slots(), { ...slots(confirmedSlot), minContains: 0, maxContains: 1 }, "slots"),
    ],
    quiet: [
      req("requirement dropped", slots(confirmedSlot), slots(), "slots"),
      req("unchanged", slots(confirmedSlot), slots(confirmedSlot), "slots"),
      req("minContains: 0 and no maxContains constrains nothing", slots(), { ...slots(confirmedSlot), minContains: 0 }, "slots"),
    ],
  }),
  request({
    id: "request-contains-removed",
    description: "A request array no longer needs an item matching a schema.",
    level: "info",
    message: "the request array `{target}` no longer needs a matching item",
    docs: "Looser input.",
    mirror: "response-contains-added",
    fires: [req("requirement dropped", slots(confirmedSlot), slots(), "slots")],
    quiet: [req("requirement added", slots(), slots(confirmedSlot), "slots")],
  }),
  response({
    id: "response-contains-removed",
    description: "A response array no longer promises an item matching a schema.",
    level: "warning",
    message: "the response array `{target}` no longer promises a matching item",
    docs: "Clients picking the matching item (`slots.find(s => s.confirmed)!`) may find none.",
    mirror: "request-contains-added",
    fires: [res("confirmed slot no longer promised", slots(confirmedSlot), slots(), "slots")],
    quiet: [res("promise added", slots(), slots(confirmedSlot), "slots")],
  }),
  response({
    id: "response-contains-added",
    description: "A response array now promises an item matching a schema.",
    level: "info",
    message: "the response array `{target}` now promises a matching item",
    docs: "A stronger guarantee.",
    mirror: "request-contains-removed",
    fires: [res("promise added", slots(), slots(confirmedSlot), "slots")],
    quiet: [res("promise dropped", slots(confirmedSlot), slots(), "slots"), res("minContains: 0 and no maxContains promises nothing", slots(), { ...slots(confirmedSlot), minContains: 0 }, "slots")],
  }),
  request({
    id: "request-dependent-schema-added",
    description: "A request object must now match a schema whenever a property is present (`dependentSchemas`).",
    level: "breaking",
    message: "the request object `{target}` must now match another schema whenever `{name}` is sent",
    docs: "Clients sending the property without what the new schema asks get validation errors. A changed dependent schema is compared as a schema.",
    mirror: "response-dependent-schema-removed",
    fires: [req("reduced needs previousPrice ≥ 1", listing(), listing(reducedNeedsPrice), "listing")],
    quiet: [req("dependency dropped", listing(reducedNeedsPrice), listing(), "listing"), req("unchanged", listing(reducedNeedsPrice), listing(reducedNeedsPrice), "listing")],
  }),
  request({
    id: "request-dependent-schema-removed",
    description: "A request object no longer needs to match a schema when a property is present.",
    level: "info",
    message: "the request object `{target}` no longer has to match another schema whenever `{name}` is sent",
    docs: "Looser input.",
    mirror: "response-dependent-schema-added",
    fires: [req("dependency dropped", listing(reducedNeedsPrice), listing(), "listing")],
    quiet: [req("dependency tightened is a schema change", listing(reducedNeedsPrice), listing(reducedNeedsPriceAtLeast100), "listing")],
  }),
  response({
    id: "response-dependent-schema-removed",
    description: "A response object no longer promises a schema whenever a property is present.",
    level: "warning",
    message: "the response object `{target}` no longer promises another schema whenever `{name}` is present",
    docs: "Clients reading `previousPrice` whenever `reduced` is set may read undefined.",
    mirror: "request-dependent-schema-added",
    fires: [res("promise dropped", listing(reducedNeedsPrice), listing(), "listing")],
    quiet: [res("promise added", listing(), listing(reducedNeedsPrice), "listing")],
  }),
  response({
    id: "response-dependent-schema-added",
    description: "A response object now promises a schema whenever a property is present.",
    level: "info",
    message: "the response object `{target}` now promises another schema whenever `{name}` is present",
    docs: "A stronger guarantee.",
    mirror: "request-dependent-schema-removed",
    fires: [res("promise added", listing(), listing(reducedNeedsPrice), "listing")],
    quiet: [res("promise dropped", listing(reducedNeedsPrice), listing(), "listing")],
  }),
];

// Tags sent or returned as a bare array, before and after its items were given a schema.
const untypedTags = { type: "array" };
const stringTags = { type: "array", items: str() };
// `items: false` with no prefix: only the empty array. Nothing allowed, not "any item".
const noTags = { type: "array", items: false };

/** `items` declared or dropped (where one side had none: any item was allowed). */
export const itemRules: ContractRule[] = [
  request({
    id: "request-items-constrained",
    description: "A request array whose items were unconstrained now has an item schema.",
    level: "breaking",
    message: "the items of the request array `{target}` must now match a schema",
    docs: "Clients sending items of another shape (numbers in what became a string list) get validation errors. Past a tuple's `prefixItems`, this is the rest of the items.",
    mirror: "response-items-unconstrained",
    fires: [req("tags must be strings", untypedTags, stringTags, "tags"), req("items past a tuple constrained", lonLat, { ...lonLat, items: int() }, "pin")],
    quiet: [
      req("item schema dropped", stringTags, untypedTags, "tags"),
      req("`items: {}` is no constraint", untypedTags, { type: "array", items: {} }, "tags"),
      req("only the empty array before (items: false): strings now allowed", noTags, stringTags, "tags"),
      req("a closed tuple opened to integer extras", lonLatClosed, { ...lonLat, items: int() }, "pin"),
    ],
  }),
  request({
    id: "request-items-unconstrained",
    description: "A request array's items no longer need to match a schema.",
    level: "info",
    message: "the items of the request array `{target}` are no longer constrained",
    docs: "Looser input.",
    mirror: "response-items-constrained",
    fires: [req("item schema dropped", stringTags, untypedTags, "tags")],
    quiet: [req("item schema added", untypedTags, stringTags, "tags"), req("items: false allows no item, a lower maxItems", stringTags, noTags, "tags")],
  }),
  response({
    id: "response-items-unconstrained",
    description: "A response array's items are no longer promised to match a schema.",
    level: "warning",
    message: "the items of the response array `{target}` are no longer constrained",
    docs: "Clients typed against the old item schema (`string[]`) may meet items of any type.",
    mirror: "request-items-constrained",
    fires: [res("item schema dropped", stringTags, untypedTags, "tags")],
    quiet: [
      res("item schema added", untypedTags, stringTags, "tags"),
      res("items: false returns no item (a stronger promise)", stringTags, noTags, "tags"),
      res("an open tuple's extras closed off", { ...lonLat, items: int() }, lonLatClosed, "pin"),
    ],
  }),
  response({
    id: "response-items-constrained",
    description: "A response array's items are now promised to match a schema.",
    level: "info",
    message: "the items of the response array `{target}` now match a schema",
    docs: "A stronger guarantee.",
    mirror: "request-items-unconstrained",
    fires: [res("item schema added", untypedTags, stringTags, "tags")],
    quiet: [res("item schema dropped", stringTags, untypedTags, "tags"), res("only the empty array before: items now returned is a higher maxItems", noTags, stringTags, "tags")],
  }),
];
