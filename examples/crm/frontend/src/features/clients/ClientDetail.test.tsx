import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { aClient, aProperty, aViewing, json, renderWithApi } from "../../test/fakeApi";
import { ClientDetail } from "./ClientDetail";

describe("ClientDetail", () => {
  it("shows the client and their viewings, linking to the properties by address", async () => {
    const { requests } = renderWithApi(<ClientDetail id={7} />, {
      "GET /api/clients/7": json(aClient({ notes: "Prefers mornings" })),
      "GET /api/viewings": json([aViewing(), aViewing({ id: 4, property_id: 99 })]),
      "GET /api/properties": json([aProperty()]),
    });
    expect(await screen.findByRole("heading", { name: "Siobhán O'Brien" })).toBeInTheDocument();
    expect(screen.getByText("+44 20 7946 0958")).toBeInTheDocument();
    expect(screen.getByText("Prefers mornings")).toBeInTheDocument();
    expect(await screen.findByRole("link", { name: "14 Harbour Row, Bristol" })).toHaveAttribute("href", "/properties/1");
    // A property outside the first page of the list keeps its id.
    expect(screen.getByRole("link", { name: "Property #99" })).toHaveAttribute("href", "/properties/99");
    expect(screen.queryByText("Client created.")).not.toBeInTheDocument();
    expect(requests.find((r) => r.url.pathname === "/api/viewings")?.url.searchParams.get("client_id")).toBe("7");
  });

  it("confirms a just-created client", async () => {
    renderWithApi(<ClientDetail id={7} justCreated />, { "GET /api/clients/7": json(aClient({ phone: null })), "GET /api/viewings": json([]) });
    expect(await screen.findByText("Client created.")).toBeInTheDocument();
    expect(await screen.findByText("No viewings yet.")).toBeInTheDocument();
  });

  it("shows a missing client with the request ID", async () => {
    renderWithApi(<ClientDetail id={99} />, { "GET /api/clients/99": json({ detail: "Client not found" }, 404), "GET /api/viewings": json([]) });
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Client not found");
    expect(alert).toHaveTextContent("quote this ID to support");
  });
});
