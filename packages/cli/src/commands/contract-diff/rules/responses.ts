/** Responses & status codes: what a client can receive and how it is encoded. */
import type { ContractRule } from "../model.js";
import { PROPERTY } from "./_fragments.js";

const ok = { description: "ok", content: { "application/json": { schema: PROPERTY } } };
const notFound = { description: "not found" };

export const responseRules: ContractRule[] = [
  {
    id: "response-success-status-removed",
    description: "A success (2xx) status the base returned is gone.",
    level: "breaking",
    direction: "response",
    area: "responses",
    message: "removed the success response {status}",
    docs: "Clients branch on the status code; a client expecting 200 now sees something else and treats it as an error.",
    mirror: "response-status-added",
    fires: [
      { title: "200 → 201", base: { operation: { responses: { "200": ok } } }, head: { operation: { responses: { "201": ok } } } },
      { title: "2XX → only a 404 left", base: { operation: { responses: { "2XX": ok } } }, head: { operation: { responses: { "404": ok } } } },
    ],
    quiet: [
      { title: "200 covered by 2XX", base: { operation: { responses: { "200": ok } } }, head: { operation: { responses: { "2XX": ok } } } },
      { title: "2XX narrowed to the 200 and 201 inside it", base: { operation: { responses: { "2XX": ok } } }, head: { operation: { responses: { "200": ok, "201": ok } } } },
    ],
  },
  {
    id: "response-error-status-removed",
    description: "A documented non-success status is gone.",
    level: "info",
    direction: "response",
    area: "responses",
    message: "removed the documented response {status}",
    docs: "A client's error handling for it becomes dead code; nothing fails.",
    mirror: "response-status-added",
    fires: [{ title: "404 removed", base: { operation: { responses: { "200": ok, "404": notFound } } }, head: { operation: { responses: { "200": ok } } } }],
    quiet: [{ title: "404 kept", base: { operation: { responses: { "200": ok, "404": notFound } } }, head: { operation: { responses: { "200": ok, "404": notFound } } } }],
  },
  {
    id: "response-status-added",
    description: "A new documented status code.",
    level: "info",
    direction: "response",
    area: "responses",
    message: "added the response {status}",
    docs: "Documenting a status that may already occur; clients with a generic error branch are fine.",
    mirror: "response-success-status-removed",
    fires: [
      { title: "404 documented", base: { operation: { responses: { "200": ok } } }, head: { operation: { responses: { "200": ok, "404": notFound } } } },
      { title: "201 documented", base: { operation: { responses: { "200": ok } } }, head: { operation: { responses: { "200": ok, "201": ok } } } },
    ],
    quiet: [
      { title: "unchanged", base: { operation: { responses: { "200": ok } } }, head: { operation: { responses: { "200": ok } } } },
      { title: "200 where 2XX was documented", base: { operation: { responses: { "2XX": ok } } }, head: { operation: { responses: { "200": ok } } } },
    ],
  },
  {
    id: "response-media-type-removed",
    description: "A response content type the base produced is gone.",
    level: "breaking",
    direction: "response",
    area: "responses",
    message: "the {status} response no longer offers `{mediaType}`",
    docs: "Clients asking for it (Accept) or parsing it get something else.",
    mirror: "response-media-type-added",
    fires: [
      {
        title: "text/csv dropped",
        base: { operation: { responses: { "200": { description: "ok", content: { "application/json": { schema: PROPERTY }, "text/csv": { schema: { type: "string" } } } } } } },
        head: { operation: { responses: { "200": ok } } },
      },
    ],
    quiet: [{ title: "same media type", base: { operation: { responses: { "200": ok } } }, head: { operation: { responses: { "200": ok } } } }],
  },
  {
    id: "response-media-type-added",
    description: "A response content type was added.",
    level: "info",
    direction: "response",
    area: "responses",
    message: "the {status} response now also offers `{mediaType}`",
    docs: "Only clients that ask for it get it.",
    mirror: "response-media-type-removed",
    fires: [
      {
        title: "text/csv added",
        base: { operation: { responses: { "200": ok } } },
        head: { operation: { responses: { "200": { description: "ok", content: { "application/json": { schema: PROPERTY }, "text/csv": { schema: { type: "string" } } } } } } },
      },
    ],
    quiet: [{ title: "same media type", base: { operation: { responses: { "200": ok } } }, head: { operation: { responses: { "200": ok } } } }],
  },
  {
    id: "response-required-header-removed",
    description: "A required response header is gone.",
    level: "breaking",
    direction: "response",
    area: "responses",
    message: "the {status} response no longer sends the required header `{name}`",
    docs: "Clients read it unconditionally (pagination links, ETags, rate-limit headers).",
    mirror: "response-header-added",
    fires: [
      {
        title: "ETag removed",
        base: { operation: { responses: { "200": { ...ok, headers: { ETag: { required: true, schema: { type: "string" } } } } } } },
        head: { operation: { responses: { "200": ok } } },
      },
    ],
    quiet: [
      {
        title: "header name case changed",
        base: { operation: { responses: { "200": { ...ok, headers: { ETag: { required: true, schema: { type: "string" } } } } } } },
        head: { operation: { responses: { "200": { ...ok, headers: { etag: { required: true, schema: { type: "string" } } } } } } },
      },
    ],
  },
  {
    id: "response-optional-header-removed",
    description: "An optional response header is gone.",
    level: "warning",
    direction: "response",
    area: "responses",
    message: "the {status} response no longer sends the header `{name}`",
    docs: "Clients that use it when present lose a feature; well-written ones keep working.",
    mirror: "response-header-added",
    fires: [
      {
        title: "X-Total-Count removed",
        base: { operation: { responses: { "200": { ...ok, headers: { "X-Total-Count": { schema: { type: "integer" } } } } } } },
        head: { operation: { responses: { "200": ok } } },
      },
    ],
    quiet: [
      {
        title: "header kept",
        base: { operation: { responses: { "200": { ...ok, headers: { "X-Total-Count": { schema: { type: "integer" } } } } } } },
        head: { operation: { responses: { "200": { ...ok, headers: { "X-Total-Count": { schema: { type: "integer" } } } } } } },
      },
    ],
  },
  {
    id: "response-header-added",
    description: "A response header was added.",
    level: "info",
    direction: "response",
    area: "responses",
    message: "the {status} response now sends the header `{name}`",
    docs: "Clients ignore headers they do not know.",
    mirror: "response-optional-header-removed",
    fires: [
      {
        title: "X-Total-Count added",
        base: { operation: { responses: { "200": ok } } },
        head: { operation: { responses: { "200": { ...ok, headers: { "X-Total-Count": { schema: { type: "integer" } } } } } } },
      },
    ],
    quiet: [{ title: "unchanged", base: { operation: { responses: { "200": ok } } }, head: { operation: { responses: { "200": ok } } } }],
  },
  {
    id: "response-header-became-optional",
    description: "A response header that was always sent may now be missing.",
    level: "breaking",
    direction: "response",
    area: "responses",
    message: "the {status} response header `{name}` is no longer always sent",
    docs: "Clients read it unconditionally (an ETag for the next conditional request, a Location after a create).",
    mirror: "response-header-became-required",
    fires: [
      {
        title: "Location optional",
        base: { operation: { responses: { "200": { ...ok, headers: { Location: { required: true, schema: { type: "string" } } } } } } },
        head: { operation: { responses: { "200": { ...ok, headers: { Location: { schema: { type: "string" } } } } } } },
      },
    ],
    quiet: [
      {
        title: "Location became required",
        base: { operation: { responses: { "200": { ...ok, headers: { Location: { schema: { type: "string" } } } } } } },
        head: { operation: { responses: { "200": { ...ok, headers: { Location: { required: true, schema: { type: "string" } } } } } } },
      },
    ],
  },
  {
    id: "response-header-became-required",
    description: "A response header is now always sent.",
    level: "info",
    direction: "response",
    area: "responses",
    message: "the {status} response header `{name}` is now always sent",
    docs: "A stronger guarantee.",
    mirror: "response-header-became-optional",
    fires: [
      {
        title: "Location required",
        base: { operation: { responses: { "200": { ...ok, headers: { Location: { schema: { type: "string" } } } } } } },
        head: { operation: { responses: { "200": { ...ok, headers: { Location: { required: true, schema: { type: "string" } } } } } } },
      },
    ],
    quiet: [
      {
        title: "unchanged",
        base: { operation: { responses: { "200": { ...ok, headers: { Location: { required: true, schema: { type: "string" } } } } } } },
        head: { operation: { responses: { "200": { ...ok, headers: { Location: { required: true, schema: { type: "string" } } } } } } },
      },
    ],
  },
];
