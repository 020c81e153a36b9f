import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../../App";
import { aClient, aUser, json, renderWithApi, type FakeHandler } from "../../test/fakeApi";
import { changedFields } from "./ClientEditForm";

/** GET /api/clients/7 answering version `etag` of the client. */
const clientAt = (etag: string, overrides = {}): FakeHandler => () => ({ status: 200, body: aClient(overrides), headers: { ETag: etag } });

describe("editing a client", () => {
  it("sends only the changed fields with If-Match, then shows the client", async () => {
    const user = userEvent.setup();
    const { requests } = renderWithApi(
      <App />,
      {
        "GET /api/clients/7": clientAt('"7-1"'),
        "PATCH /api/clients/7": (request) => ({ status: 200, body: aClient(request.body as object) }),
        "GET /api/viewings": json([]),
        "GET /api/properties": json([]),
      },
      "/clients/7/edit",
    );
    const notes = await screen.findByLabelText("Notes");
    expect(screen.getByLabelText("Full name")).toHaveValue("Siobhán O'Brien");
    await user.type(notes, "Prefers mornings");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect(await screen.findByText("Changes saved.")).toBeInTheDocument();
    expect(`${window.location.pathname}${window.location.search}`).toBe("/clients/7?updated=1");
    const patch = requests.find((r) => r.method === "PATCH");
    expect(patch?.body).toEqual({ notes: "Prefers mornings" });
    expect(patch?.headers.get("If-Match")).toBe('"7-1"');
  });

  it("says the client changed elsewhere on a 412, keeps what the user typed in view, and reloads the latest version", async () => {
    const user = userEvent.setup();
    let version = 1;
    const { requests } = renderWithApi(
      <App />,
      {
        "GET /api/clients/7": () => ({ status: 200, body: aClient(version === 1 ? {} : { phone: "+44 117 496 0000" }), headers: { ETag: `"7-${version}"` } }),
        "PATCH /api/clients/7": (request) =>
          request.headers.get("If-Match") === `"7-${version}"`
            ? { status: 200, body: aClient(request.body as object) }
            : { status: 412, body: { detail: "The client was changed by someone else; reload it" } },
        "GET /api/viewings": json([]),
        "GET /api/properties": json([]),
      },
      "/clients/7/edit",
    );
    await user.type(await screen.findByLabelText("Notes"), "Keys with the concierge");
    version = 2; // a colleague saves meanwhile
    await user.click(screen.getByRole("button", { name: "Save changes" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("This client was changed by someone else");
    expect(alert).toHaveFocus();
    expect(within(alert).getByText("Keys with the concierge")).toBeInTheDocument();
    expect(window.location.pathname).toBe("/clients/7/edit");

    await user.click(within(alert).getByRole("button", { name: "Reload the latest version" }));
    expect(await screen.findByLabelText("Phone (optional)")).toHaveValue("+44 117 496 0000");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(screen.getByLabelText("Notes")).toHaveValue("");
    await user.type(screen.getByLabelText("Notes"), "Keys with the concierge");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect(await screen.findByText("Changes saved.")).toBeInTheDocument();
    expect(requests.filter((r) => r.method === "PATCH").map((r) => r.headers.get("If-Match"))).toEqual(['"7-1"', '"7-2"']);
  });

  it("shows a 403 as what the user's role cannot do", async () => {
    const user = userEvent.setup();
    renderWithApi(
      <App />,
      { "GET /api/clients/7": clientAt('"7-1"'), "PATCH /api/clients/7": json({ detail: "Your role may not update clients" }, 403) },
      "/clients/7/edit",
      { user: aUser({ role: "property_manager" }) },
    );
    await user.type(await screen.findByLabelText("Notes"), "x");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The changes were not saved");
    expect(alert).toHaveTextContent("Your role (Property manager) cannot edit clients.");
    expect(alert).toHaveTextContent("The API said: Your role may not update clients");
    expect(alert).toHaveFocus();
    expect(screen.getByLabelText("Notes")).toHaveValue("x");
  });

  it("goes back without a request when nothing changed", async () => {
    const user = userEvent.setup();
    const { requests } = renderWithApi(<App />, { "GET /api/clients/7": clientAt('"7-1"'), "GET /api/viewings": json([]), "GET /api/properties": json([]) }, "/clients/7/edit");
    await user.click(await screen.findByRole("button", { name: "Save changes" }));
    expect(await screen.findByRole("heading", { name: "Siobhán O'Brien" })).toBeInTheDocument();
    expect(window.location.pathname).toBe("/clients/7");
    expect(requests.some((r) => r.method === "PATCH")).toBe(false);
  });

  it("checks the fields first and focuses the first problem", async () => {
    const user = userEvent.setup();
    const { requests } = renderWithApi(<App />, { "GET /api/clients/7": clientAt('"7-1"') }, "/clients/7/edit");
    await user.clear(await screen.findByLabelText("E-mail"));
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect(screen.getByText("Enter an e-mail address.")).toBeInTheDocument();
    expect(screen.getByLabelText("E-mail")).toHaveFocus();
    expect(requests.some((r) => r.method === "PATCH")).toBe(false);
  });

  it("shows a client that cannot be loaded", async () => {
    renderWithApi(<App />, { "GET /api/clients/8": json({ detail: "Client not found" }, 404) }, "/clients/8/edit");
    expect(await screen.findByRole("alert")).toHaveTextContent("Client not found");
  });
});

describe("changedFields", () => {
  it("keeps only what differs, including a phone cleared to null", () => {
    const before = aClient();
    expect(changedFields(before, { full_name: before.full_name, email: "new@example.com", phone: null, notes: before.notes })).toEqual({ email: "new@example.com", phone: null });
    expect(changedFields(before, { full_name: before.full_name, email: before.email, phone: before.phone, notes: before.notes })).toEqual({});
  });
});
