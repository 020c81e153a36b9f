import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { aClient, aProperty, aViewing, json, renderWithApi } from "../../test/fakeApi";
import { PropertyDetail } from "./PropertyDetail";

describe("PropertyDetail", () => {
  it("shows the property and its viewings", async () => {
    renderWithApi(<PropertyDetail id={1} />, {
      "GET /api/properties/1": json(aProperty({ address_line2: "Flat 2" })),
      "GET /api/viewings": json([aViewing()]),
      "GET /api/clients": json([aClient()]),
    });
    expect(await screen.findByRole("heading", { name: "14 Harbour Row" })).toBeInTheDocument();
    expect(screen.getByText("14 Harbour Row, Flat 2, Bristol, BS1 5TX")).toBeInTheDocument();
    expect(screen.getByText("£325,000")).toBeInTheDocument();
    const viewings = await screen.findByRole("table", { name: "Viewings" });
    expect(await within(viewings).findByRole("link", { name: "Siobhán O'Brien" })).toHaveAttribute("href", "/clients/7");
    expect(within(viewings).getByText("10 Mar 2026, 14:00")).toBeInTheDocument();
    expect(within(viewings).getByText("Bring the floor plan")).toBeInTheDocument();
  });

  it("books a viewing for a client and reloads the list", async () => {
    const user = userEvent.setup();
    let booked = false;
    const { requests } = renderWithApi(<PropertyDetail id={1} />, {
      "GET /api/properties/1": json(aProperty()),
      "GET /api/viewings": () => ({ status: 200, body: booked ? [aViewing({ id: 11, notes: "First visit" })] : [] }),
      "GET /api/clients": json([aClient()]),
      "POST /api/viewings": (request) => {
        booked = true;
        return { status: 201, body: { ...aViewing({ id: 11 }), ...(request.body as object) } };
      },
    });
    expect(await screen.findByText("No viewings yet.")).toBeInTheDocument();
    await screen.findByRole("option", { name: /Siobhán/ });
    await user.selectOptions(screen.getByLabelText("Client"), "7");
    await user.type(screen.getByLabelText("Date and time (your local time)"), "2026-03-10T14:00");
    await user.type(screen.getByLabelText("Notes"), "First visit");
    await user.click(screen.getByRole("button", { name: "Book viewing" }));
    expect(await screen.findByText("First visit", { selector: "td" })).toBeInTheDocument();
    const post = requests.find((request) => request.method === "POST");
    expect(post?.body).toEqual({ property_id: 1, client_id: 7, scheduled_at: new Date("2026-03-10T14:00").toISOString(), notes: "First visit" });
  });

  it("asks for the missing parts before booking", async () => {
    const user = userEvent.setup();
    const { requests } = renderWithApi(<PropertyDetail id={1} />, {
      "GET /api/properties/1": json(aProperty()),
      "GET /api/viewings": json([]),
      "GET /api/clients": json([aClient()]),
    });
    const form = await screen.findByRole("form", { name: "Schedule a viewing" });
    await within(form).findByRole("option", { name: /Siobhán/ });
    form.setAttribute("novalidate", "");
    await user.click(within(form).getByRole("button", { name: "Book viewing" }));
    expect(within(form).getByRole("alert")).toHaveTextContent("Choose a client.");
    await user.selectOptions(within(form).getByLabelText("Client"), "7");
    await user.click(within(form).getByRole("button", { name: "Book viewing" }));
    expect(within(form).getByRole("alert")).toHaveTextContent("Enter the date and time of the viewing.");
    expect(requests.filter((request) => request.method === "POST")).toHaveLength(0);
  });

  it("shows a refused booking with its request ID", async () => {
    const user = userEvent.setup();
    const { requests } = renderWithApi(<PropertyDetail id={1} />, {
      "GET /api/properties/1": json(aProperty()),
      "GET /api/viewings": json([]),
      "GET /api/clients": json([aClient()]),
      "POST /api/viewings": json({ detail: "property is sold" }, 409),
    });
    await screen.findByRole("option", { name: /Siobhán/ });
    await user.selectOptions(screen.getByLabelText("Client"), "7");
    await user.type(screen.getByLabelText("Date and time (your local time)"), "2026-03-10T14:00");
    await user.click(screen.getByRole("button", { name: "Book viewing" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The viewing was not booked");
    expect(alert).toHaveTextContent("property is sold");
    const postId = requests.find((request) => request.method === "POST")?.headers.get("X-Request-ID");
    expect(within(alert).getByTestId("request-id")).toHaveTextContent(postId ?? "missing");
  });

  it("offers no booking on a sold property", async () => {
    renderWithApi(<PropertyDetail id={1} />, {
      "GET /api/properties/1": json(aProperty({ status: "sold", listing_type: "sale" })),
      "GET /api/viewings": json([]),
    });
    expect(await screen.findByText("This property is sold: no new viewings.")).toBeInTheDocument();
    expect(screen.queryByRole("form", { name: "Schedule a viewing" })).not.toBeInTheDocument();
  });

  it("shows a missing property and failed viewings and clients with request IDs", async () => {
    renderWithApi(<PropertyDetail id={5} />, { "GET /api/properties/5": json({ detail: "Property not found" }, 404) });
    expect(await screen.findByRole("alert")).toHaveTextContent("Property not found");
  });

  it("shows when viewings or clients cannot be loaded", async () => {
    renderWithApi(<PropertyDetail id={1} />, {
      "GET /api/properties/1": json(aProperty({ listing_type: "let", price_pence: 99_500 })),
      "GET /api/viewings": json({ detail: "Too Many Requests" }, 429),
      "GET /api/clients": json({ detail: "Too Many Requests" }, 429),
    });
    expect(await screen.findByText("Could not load viewings")).toBeInTheDocument();
    expect(await screen.findByText("Could not load clients for booking")).toBeInTheDocument();
    expect(screen.getByText("Rent")).toBeInTheDocument();
  });
});
