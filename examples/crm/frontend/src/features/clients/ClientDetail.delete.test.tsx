import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../../App";
import { aClient, aUser, json, renderWithApi, type FakeHandler } from "../../test/fakeApi";

const pageRoutes = (getClient: FakeHandler, deleteClient: FakeHandler) => ({
  "GET /api/clients/7": getClient,
  "DELETE /api/clients/7": deleteClient,
  "GET /api/viewings": json([]),
  "GET /api/properties": json([]),
  "GET /api/clients": json([]),
});
const version = (etag: string, overrides = {}): FakeHandler => () => ({ status: 200, body: aClient(overrides), headers: { ETag: etag } });

async function deleteFromPage(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole("button", { name: "Delete client" }));
  const confirm = screen.getByRole("group", { name: "Confirm deletion" });
  expect(confirm).toHaveTextContent("Delete Siobhán O'Brien for good?");
  expect(within(confirm).getByRole("button", { name: "Yes, delete" })).toHaveFocus();
  await user.click(within(confirm).getByRole("button", { name: "Yes, delete" }));
}

describe("deleting a client", () => {
  it("asks first, deletes with If-Match, and says so on the list", async () => {
    const user = userEvent.setup();
    const { requests } = renderWithApi(<App />, pageRoutes(version('"7-4"'), () => ({ status: 204 })), "/clients/7", { user: aUser({ role: "branch_manager" }) });
    await deleteFromPage(user);
    expect(await screen.findByText("Client deleted.")).toBeInTheDocument();
    expect(`${window.location.pathname}${window.location.search}`).toBe("/clients?deleted=1");
    expect(requests.find((r) => r.method === "DELETE")?.headers.get("If-Match")).toBe('"7-4"');
  });

  it("can be cancelled", async () => {
    const user = userEvent.setup();
    const { requests } = renderWithApi(<App />, pageRoutes(version('"7-4"'), () => ({ status: 204 })), "/clients/7");
    await user.click(await screen.findByRole("button", { name: "Delete client" }));
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.getByRole("button", { name: "Delete client" })).toBeInTheDocument();
    expect(requests.some((r) => r.method === "DELETE")).toBe(false);
  });

  it("shows a 403 as a clear message, and the client stays on the page", async () => {
    const user = userEvent.setup();
    renderWithApi(<App />, pageRoutes(version('"7-4"'), json({ detail: "Forbidden" }, 403)), "/clients/7");
    await deleteFromPage(user);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The client was not deleted");
    expect(alert).toHaveTextContent("Your role (Lettings negotiator) cannot delete clients.");
    expect(alert).toHaveFocus();
    expect(screen.getByRole("heading", { name: "Siobhán O'Brien" })).toBeInTheDocument();
    expect(window.location.pathname).toBe("/clients/7");
  });

  it("on a 412, says someone else changed the client and reloads it with the new ETag", async () => {
    const user = userEvent.setup();
    let current = 4;
    const { requests } = renderWithApi(
      <App />,
      pageRoutes(
        () => ({ status: 200, body: aClient(current === 4 ? {} : { phone: "+44 117 496 0000" }), headers: { ETag: `"7-${current}"` } }),
        (request) => (request.headers.get("If-Match") === `"7-${current}"` ? { status: 204 } : { status: 412, body: { detail: "Precondition Failed" } }),
      ),
      "/clients/7",
      { user: aUser({ role: "branch_manager" }) },
    );
    await screen.findByRole("heading", { name: "Siobhán O'Brien" });
    current = 5;
    await deleteFromPage(user);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("This client was changed by someone else");
    await user.click(within(alert).getByRole("button", { name: "Reload the latest version" }));
    expect(await screen.findByText("+44 117 496 0000")).toBeInTheDocument();
    await deleteFromPage(user);
    expect(await screen.findByText("Client deleted.")).toBeInTheDocument();
    expect(requests.filter((r) => r.method === "DELETE").map((r) => r.headers.get("If-Match"))).toEqual(['"7-4"', '"7-5"']);
  });

  it("links to the edit page", async () => {
    renderWithApi(<App />, pageRoutes(version('"7-4"'), () => ({ status: 204 })), "/clients/7");
    expect(await screen.findByRole("link", { name: "Edit client" })).toHaveAttribute("href", "/clients/7/edit");
  });
});
