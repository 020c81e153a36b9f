import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../../App";
import { aClient, json, renderWithApi } from "../../test/fakeApi";
import { ClientList } from "./ClientList";

describe("ClientList", () => {
  it("lists clients with links to their pages", async () => {
    renderWithApi(<ClientList />, {
      "GET /api/clients": json([aClient(), aClient({ id: 8, full_name: "Tomasz Wójcik", email: "tw@example.com", phone: null })]),
    });
    expect(await screen.findByRole("link", { name: "Siobhán O'Brien" })).toHaveAttribute("href", "/clients/7");
    expect(screen.getByRole("link", { name: "Tomasz Wójcik" })).toHaveAttribute("href", "/clients/8");
    expect(screen.getByText("—")).toBeInTheDocument();
  });

  it("searches by name", async () => {
    const user = userEvent.setup();
    const { requests } = renderWithApi(<ClientList />, {
      "GET /api/clients": (request) => ({ status: 200, body: request.url.searchParams.get("search") === "Wójcik" ? [] : [aClient()] }),
    });
    await screen.findByText("Siobhán O'Brien");
    await user.type(screen.getByLabelText("Name or e-mail"), "Wójcik");
    await user.click(screen.getByRole("button", { name: "Search" }));
    expect(await screen.findByText("No clients found.")).toBeInTheDocument();
    expect(requests.at(-1)?.url.searchParams.get("search")).toBe("Wójcik");
  });

  it("shows a failed load with its request ID", async () => {
    const { requests } = renderWithApi(<ClientList />, { "GET /api/clients": json({ detail: "Too Many Requests" }, 429) });
    expect(await screen.findByRole("alert")).toHaveTextContent("Could not load clients");
    expect(screen.getByTestId("request-id")).toHaveTextContent(requests[0]?.headers.get("X-Request-ID") ?? "missing");
  });

  it("goes to the new-client form from the list", async () => {
    const user = userEvent.setup();
    renderWithApi(<App />, { "GET /api/clients": json([]) }, "/clients");
    await user.click(await screen.findByRole("link", { name: "New client" }));
    expect(screen.getByRole("heading", { name: "New client" })).toBeInTheDocument();
  });
});
