/** Composition: oneOf/anyOf alternatives that appear or disappear (allOf is merged before comparing). */
import type { ContractRule, RuleExample } from "../model.js";
import { obj, str } from "./_fragments.js";

const card = obj({ kind: str({ enum: ["card"] }), last4: str() }, ["kind", "last4"]);
const bank = obj({ kind: str({ enum: ["bank"] }), iban: str() }, ["kind", "iban"]);
const direct = obj({ kind: str({ enum: ["direct-debit"] }), mandate: str() }, ["kind", "mandate"]);
const components = { schemas: { Card: card, Bank: bank, DirectDebit: direct } };
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function payment(side: "request" | "response", title: string, base: string[], head: string[]): RuleExample {
  const body = (names: string[]) => ({ [side]: obj({ method: { oneOf: names.map(ref) } }, ["method"]), components });
  return { title, base: body(base), head: body(head) };
}

const labelsAsStrings = obj({ labels: { type: "array", items: str() } }, ["labels"]);
const labelsAsObjects = obj({ labels: { type: "array", items: obj({ name: str() }, ["name"]) } }, ["labels"]);
// A webhook event and a more specific version of it (an extra required field); `kind` events are another shape.
const event = obj({ event: str(), id: str() }, ["event", "id"]);
const kindEvent = obj({ kind: str({ enum: ["x"] }) }, ["kind"]);
const issueEvent = obj({ event: str(), id: str(), issue_type: str() }, ["event", "id", "issue_type"]);
const events = (...shapes: unknown[]) => ({ oneOf: shapes });
const labelsEither = obj({ labels: { type: "array", items: { oneOf: [str(), obj({ name: str(), colour: str() }, ["name"])] } } }, ["labels"]);

export const compositionRules: ContractRule[] = [
  {
    id: "request-variant-removed",
    description: "A oneOf/anyOf alternative the request accepted is gone.",
    level: "breaking",
    direction: "request",
    area: "composition",
    message: "the request value `{target}` no longer accepts the alternative {variant}",
    docs: "Clients sending that shape get validation errors.",
    mirror: "response-variant-added",
    fires: [payment("request", "Bank removed", ["Card", "Bank"], ["Card"])],
    quiet: [
      payment("request", "DirectDebit added", ["Card", "Bank"], ["Card", "Bank", "DirectDebit"]),
      payment("request", "reordered", ["Card", "Bank"], ["Bank", "Card"]),
      // Still accepted by the wider event shape; only `issue_type` is no longer declared (request-property-removed, a warning).
      { title: "a more specific event shape dropped", base: { request: events(event, kindEvent, issueEvent) }, head: { request: events(event, kindEvent) } },
    ],
  },
  {
    id: "request-variant-added",
    description: "A request oneOf/anyOf accepts a new alternative.",
    level: "info",
    direction: "request",
    area: "composition",
    message: "the request value `{target}` now also accepts the alternative {variant}",
    docs: "Looser input.",
    mirror: "response-variant-removed",
    fires: [payment("request", "DirectDebit added", ["Card", "Bank"], ["Card", "Bank", "DirectDebit"])],
    quiet: [payment("request", "unchanged", ["Card", "Bank"], ["Card", "Bank"])],
  },
  {
    id: "response-variant-added",
    description: "A response oneOf/anyOf may return a new alternative.",
    level: "breaking",
    direction: "response",
    area: "composition",
    message: "the response value `{target}` may now be the alternative {variant}",
    docs: "Clients switching on the known shapes (discriminated unions in generated clients) cannot handle the new one.",
    mirror: "request-variant-removed",
    fires: [payment("response", "DirectDebit added", ["Card", "Bank"], ["Card", "Bank", "DirectDebit"])],
    quiet: [
      payment("response", "Bank removed", ["Card", "Bank"], ["Card"]),
      // Each new alternative fits the old single shape; only the optional `colour` is no longer declared (a warning).
      { title: "one label shape split into two", base: { response: labelsEither }, head: { response: { oneOf: [labelsAsStrings, labelsAsObjects] } } },
    ],
  },
  {
    id: "response-variant-removed",
    description: "A response oneOf/anyOf no longer returns some alternative.",
    level: "info",
    direction: "response",
    area: "composition",
    message: "the response value `{target}` is no longer the alternative {variant}",
    docs: "Client code for it becomes dead code.",
    mirror: "request-variant-added",
    fires: [payment("response", "Bank removed", ["Card", "Bank"], ["Card"])],
    quiet: [payment("response", "unchanged", ["Card", "Bank"], ["Card", "Bank"])],
  },
  {
    id: "request-variant-removed-within-existing",
    description: "A request alternative is no longer listed on its own, but another alternative takes its values with no breaking difference.",
    level: "info",
    direction: "request",
    area: "composition",
    message: "the request value `{target}` no longer lists the alternative {variant} on its own; {within} accepts it",
    docs: "Typically two shapes merged into one wider shape, or a more specific shape dropped: every request that was valid still is. A warning between the two (a property no longer declared, so the server may ignore it) is reported as that warning.",
    mirror: "response-variant-added-within-existing",
    fires: [
      { title: "two label shapes merged into one", base: { request: { oneOf: [labelsAsStrings, labelsAsObjects] } }, head: { request: labelsEither } },
      { title: "a more specific event shape dropped", base: { request: events(event, kindEvent, issueEvent) }, head: { request: events(event, kindEvent) } },
    ],
    quiet: [payment("request", "Bank removed (nothing accepts it)", ["Card", "Bank"], ["Card"])],
  },
  {
    id: "response-variant-added-within-existing",
    description: "A new response alternative whose values fit an existing alternative with no breaking difference.",
    level: "info",
    direction: "response",
    area: "composition",
    message: "the response value `{target}` lists a new alternative {variant}, which fits the existing {within}",
    docs: "Clients that handle the existing alternative handle these values too; new fields in it are extra information. A warning between the two (an optional property no longer declared) is reported as that warning.",
    mirror: "request-variant-removed-within-existing",
    fires: [
      { title: "a more specific event shape", base: { response: events(event, kindEvent) }, head: { response: events(event, kindEvent, issueEvent) } },
      { title: "one label shape split into two", base: { response: labelsEither }, head: { response: { oneOf: [labelsAsStrings, labelsAsObjects] } } },
    ],
    quiet: [payment("response", "DirectDebit added (fits nothing)", ["Card", "Bank"], ["Card", "Bank", "DirectDebit"])],
  },
];

// A payment `method` union with a discriminator; `mapping` ties each tag to a schema.
function tagged(side: "request" | "response", title: string, base: Record<string, string>, head: Record<string, string>, propertyName = "kind"): RuleExample {
  const body = (mapping: Record<string, string>, property: string) => ({
    [side]: obj({ method: { oneOf: ["Card", "Bank", "DirectDebit"].map(ref), discriminator: { propertyName: property, mapping: Object.fromEntries(Object.entries(mapping).map(([tag, name]) => [tag, ref(name).$ref])) } } }, ["method"]),
    components,
  });
  return { title, base: body(base, "kind"), head: body(head, propertyName) };
}
const cardAndBank = { card: "Card", bank: "Bank" };
const withDirect = { card: "Card", bank: "Bank", "direct-debit": "DirectDebit" };

export const discriminatorRules: ContractRule[] = [
  {
    id: "request-discriminator-mapping-removed",
    description: "A request discriminator no longer maps a tag value to a schema.",
    level: "breaking",
    direction: "request",
    area: "composition",
    message: "the request value `{target}` no longer accepts the discriminator value `{tag}` (was {from})",
    docs: "Clients sending that tag are rejected or routed to no schema.",
    mirror: "response-discriminator-mapping-added",
    fires: [tagged("request", "`bank` unmapped", cardAndBank, { card: "Card" })],
    quiet: [tagged("request", "`direct-debit` mapped", cardAndBank, withDirect)],
  },
  {
    id: "request-discriminator-mapping-added",
    description: "A request discriminator maps a new tag value.",
    level: "info",
    direction: "request",
    area: "composition",
    message: "the request value `{target}` now also accepts the discriminator value `{tag}` ({to})",
    docs: "Looser input.",
    mirror: "response-discriminator-mapping-removed",
    fires: [tagged("request", "`direct-debit` mapped", cardAndBank, withDirect)],
    quiet: [tagged("request", "unchanged", cardAndBank, cardAndBank)],
  },
  {
    id: "request-discriminator-mapping-changed",
    description: "A request discriminator tag now selects another schema.",
    level: "breaking",
    direction: "request",
    area: "composition",
    message: "the request discriminator value `{tag}` of `{target}` now selects {to} (was {from})",
    docs: "Clients sending that tag with the old shape are validated against another schema.",
    mirror: "response-discriminator-mapping-changed",
    fires: [tagged("request", "`bank` now means direct debit", cardAndBank, { card: "Card", bank: "DirectDebit" })],
    quiet: [tagged("request", "a mapping added beside", cardAndBank, withDirect)],
  },
  {
    id: "request-discriminator-property-changed",
    description: "A request union is told apart by another property.",
    level: "breaking",
    direction: "request",
    area: "composition",
    message: "the request value `{target}` is now told apart by `{to}` instead of `{from}`",
    docs: "Clients sending the old tag property are no longer routed to the right schema.",
    mirror: "response-discriminator-property-changed",
    fires: [tagged("request", "kind → type", cardAndBank, cardAndBank, "type")],
    quiet: [tagged("request", "same property", cardAndBank, cardAndBank)],
  },
  {
    id: "response-discriminator-mapping-added",
    description: "A response discriminator maps a new tag value: responses may carry it.",
    level: "breaking",
    direction: "response",
    area: "composition",
    message: "the response value `{target}` may now carry the discriminator value `{tag}` ({to})",
    docs: "Clients switching on the tag (generated discriminated unions) have no branch for it.",
    mirror: "request-discriminator-mapping-removed",
    fires: [tagged("response", "`direct-debit` mapped", cardAndBank, withDirect)],
    quiet: [tagged("response", "`bank` unmapped", cardAndBank, { card: "Card" })],
  },
  {
    id: "response-discriminator-mapping-removed",
    description: "A response discriminator no longer maps a tag value.",
    level: "info",
    direction: "response",
    area: "composition",
    message: "the response value `{target}` no longer carries the discriminator value `{tag}` (was {from})",
    docs: "Client branches for it become dead code.",
    mirror: "request-discriminator-mapping-added",
    fires: [tagged("response", "`bank` unmapped", cardAndBank, { card: "Card" })],
    quiet: [tagged("response", "unchanged", cardAndBank, cardAndBank)],
  },
  {
    id: "response-discriminator-mapping-changed",
    description: "A response discriminator tag now selects another schema.",
    level: "breaking",
    direction: "response",
    area: "composition",
    message: "the response discriminator value `{tag}` of `{target}` now selects {to} (was {from})",
    docs: "Clients parse that tag into the old shape and read the wrong fields.",
    mirror: "request-discriminator-mapping-changed",
    fires: [tagged("response", "`bank` now means direct debit", cardAndBank, { card: "Card", bank: "DirectDebit" })],
    quiet: [tagged("response", "a mapping removed", withDirect, cardAndBank)],
  },
  {
    id: "response-discriminator-property-changed",
    description: "A response union is told apart by another property.",
    level: "breaking",
    direction: "response",
    area: "composition",
    message: "the response value `{target}` is now told apart by `{to}` instead of `{from}`",
    docs: "Clients switch on the old property and find no tag.",
    mirror: "request-discriminator-property-changed",
    fires: [tagged("response", "kind → type", cardAndBank, cardAndBank, "type")],
    quiet: [tagged("response", "same property", cardAndBank, cardAndBank)],
  },
];
