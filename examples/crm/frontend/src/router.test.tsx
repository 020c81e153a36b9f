import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { App } from "./App";
import { aClient, aProperty, json, renderWithApi } from "./test/fakeApi";
import { matchRoute } from "./router";

describe("matchRoute", () => {
  it.each([
    ["/", { page: "properties" }],
    ["/properties", { page: "properties" }],
    ["/properties/", { page: "properties" }],
    ["/properties/12", { page: "property", id: 12 }],
    ["/clients", { page: "clients" }],
    ["/clients/new", { page: "client-new" }],
    ["/clients/7", { page: "client", id: 7 }],
    ["/clients/0", { page: "not-found", path: "/clients/0" }],
    ["/clients/7/edit", { page: "client-edit", id: 7 }],
    ["/clients/new/edit", { page: "not-found", path: "/clients/new/edit" }],
    ["/clients/7/edit/x", { page: "not-found", path: "/clients/7/edit/x" }],
    ["/properties/7/edit", { page: "not-found", path: "/properties/7/edit" }],
    ["/login", { page: "login" }],
    ["/login/x", { page: "not-found", path: "/login/x" }],
    ["/properties/abc", { page: "not-found", path: "/properties/abc" }],
    ["/admin", { page: "not-found", path: "/admin" }],
  ])("%s → %j", (path, route) => {
    expect(matchRoute(path)).toEqual(route);
  });
});

describe("App navigation", () => {
  it("moves between sections with client-side links and the back button", async () => {
    renderWithApi(<App />, { "GET /api/properties": json([aProperty()]), "GET /api/clients": json([aClient()]) }, "/");
    expect(await screen.findByRole("heading", { name: "Properties" })).toBeInTheDocument();
    expect(document.title).toBe("Properties · Estate Agency CRM");
    fireEvent.click(screen.getByRole("link", { name: "Clients" }));
    expect(await screen.findByRole("heading", { name: "Clients" })).toBeInTheDocument();
    expect(window.location.pathname).toBe("/clients");
    expect(screen.getByRole("link", { name: "Clients" })).toHaveClass("active");
    window.history.back();
    expect(await screen.findByRole("heading", { name: "Properties" })).toBeInTheDocument();
  });

  it("leaves modified clicks (new tab) to the browser", () => {
    renderWithApi(<App />, { "GET /api/properties": json([]) }, "/");
    const link = screen.getByRole("link", { name: "Clients" });
    const event = new MouseEvent("click", { bubbles: true, cancelable: true, ctrlKey: true });
    link.dispatchEvent(event);
    expect(window.location.pathname).toBe("/");
  });

  it("shows a not-found page for unknown paths", () => {
    renderWithApi(<App />, {}, "/nowhere");
    expect(screen.getByRole("heading", { name: "Page not found" })).toBeInTheDocument();
    expect(screen.getByText("/nowhere")).toBeInTheDocument();
  });

  it("opens a property's page from its deep link", async () => {
    renderWithApi(<App />, { "GET /api/properties/1": json(aProperty()), "GET /api/viewings": json([]), "GET /api/clients": json([]) }, "/properties/1");
    expect(await screen.findByRole("heading", { name: "14 Harbour Row" })).toBeInTheDocument();
    expect(document.title).toBe("Property · Estate Agency CRM");
  });
});
