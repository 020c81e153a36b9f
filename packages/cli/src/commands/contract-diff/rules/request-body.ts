/** Request bodies & content types: whether a body is needed and in which media types. */
import type { ContractRule } from "../model.js";
import { PROPERTY } from "./_fragments.js";

export const requestBodyRules: ContractRule[] = [
  {
    id: "request-body-became-required",
    description: "A request body is now required where it was optional or absent.",
    level: "breaking",
    direction: "request",
    area: "request-body",
    message: "the request body became required",
    docs: "Calls without a body now fail.",
    mirror: "request-body-became-optional",
    fires: [
      { title: "optional → required", base: { request: PROPERTY, requestRequired: false }, head: { request: PROPERTY } },
      {
        title: "required body added",
        base: {},
        head: { request: PROPERTY },
      },
    ],
    quiet: [{ title: "still required", base: { request: PROPERTY }, head: { request: PROPERTY } }],
  },
  {
    id: "request-body-became-optional",
    description: "A required request body became optional.",
    level: "info",
    direction: "request",
    area: "request-body",
    message: "the request body became optional",
    docs: "Existing calls still send one.",
    mirror: "request-body-became-required",
    fires: [{ title: "required → optional", base: { request: PROPERTY }, head: { request: PROPERTY, requestRequired: false } }],
    quiet: [{ title: "still optional", base: { request: PROPERTY, requestRequired: false }, head: { request: PROPERTY, requestRequired: false } }],
  },
  {
    id: "request-body-added",
    description: "An optional request body was added.",
    level: "info",
    direction: "request",
    area: "request-body",
    message: "added an optional request body",
    docs: "Existing calls without a body remain valid.",
    mirror: "request-body-removed",
    fires: [{ title: "optional body added", base: {}, head: { request: PROPERTY, requestRequired: false } }],
    quiet: [{ title: "a required body is request-body-became-required", base: {}, head: { request: PROPERTY } }],
  },
  {
    id: "request-body-removed",
    description: "The operation no longer declares a request body.",
    level: "warning",
    direction: "request",
    area: "request-body",
    message: "removed the request body",
    docs: "Clients keep sending data the server now ignores (or rejects).",
    mirror: "request-body-added",
    fires: [{ title: "body removed", base: { request: PROPERTY }, head: {} }],
    quiet: [{ title: "body kept", base: { request: PROPERTY }, head: { request: PROPERTY } }],
  },
  {
    id: "request-media-type-removed",
    description: "A request content type is no longer accepted.",
    level: "breaking",
    direction: "request",
    area: "request-body",
    message: "the request body no longer accepts `{mediaType}`",
    docs: "Clients sending that content type get 415 Unsupported Media Type.",
    mirror: "request-media-type-added",
    fires: [
      {
        title: "form encoding dropped",
        base: { operation: { requestBody: { content: { "application/json": { schema: PROPERTY }, "application/x-www-form-urlencoded": { schema: PROPERTY } } } } },
        head: { operation: { requestBody: { content: { "application/json": { schema: PROPERTY } } } } },
      },
    ],
    quiet: [
      {
        title: "charset parameter only",
        base: { operation: { requestBody: { content: { "application/json": { schema: PROPERTY } } } } },
        head: { operation: { requestBody: { content: { "application/json; charset=utf-8": { schema: PROPERTY } } } } },
      },
    ],
  },
  {
    id: "request-media-type-added",
    description: "A request content type is newly accepted.",
    level: "info",
    direction: "request",
    area: "request-body",
    message: "the request body now also accepts `{mediaType}`",
    docs: "Existing clients are unaffected.",
    mirror: "request-media-type-removed",
    fires: [
      {
        title: "form encoding added",
        base: { operation: { requestBody: { content: { "application/json": { schema: PROPERTY } } } } },
        head: { operation: { requestBody: { content: { "application/json": { schema: PROPERTY }, "application/x-www-form-urlencoded": { schema: PROPERTY } } } } },
      },
    ],
    quiet: [
      {
        title: "same media type",
        base: { operation: { requestBody: { content: { "application/json": { schema: PROPERTY } } } } },
        head: { operation: { requestBody: { content: { "application/json": { schema: PROPERTY } } } } },
      },
    ],
  },
];
