import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { aProperty, json, renderWithApi } from "../../test/fakeApi";
import { filtersFromForm, PropertyList } from "./PropertyList";

function form(entries: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(entries)) data.set(key, value);
  return data;
}

describe("filtersFromForm", () => {
  it.each([
    [{}, {}],
    [{ search: "  BS1 ", listing_type: "", min_bedrooms: "" }, { search: "BS1" }],
    [{ listing_type: "let", min_bedrooms: "3" }, { listing_type: "let", min_bedrooms: 3 }],
    [{ listing_type: "auction", min_bedrooms: "-1" }, {}],
  ])("%j → %j", (entries, expected) => {
    expect(filtersFromForm(form(entries))).toEqual(expected);
  });
});

describe("PropertyList", () => {
  it("lists properties with prices, rents and statuses", async () => {
    renderWithApi(<PropertyList />, {
      "GET /api/properties": json([aProperty(), aProperty({ id: 2, address_line1: "3 Mill Lane", listing_type: "let", price_pence: 145_000, status: "let_agreed" })]),
    });
    expect(await screen.findByRole("link", { name: "14 Harbour Row" })).toHaveAttribute("href", "/properties/1");
    expect(screen.getByText("£325,000")).toBeInTheDocument();
    expect(screen.getByText("£1,450 pcm")).toBeInTheDocument();
    expect(screen.getByText("Let agreed")).toBeInTheDocument();
  });

  it("filters through the API", async () => {
    const user = userEvent.setup();
    const { requests } = renderWithApi(<PropertyList />, {
      "GET /api/properties": (request) => ({ status: 200, body: request.url.search ? [] : [aProperty()] }),
    });
    await screen.findByText("14 Harbour Row");
    await user.type(screen.getByLabelText("Address, city or postcode"), "Leeds");
    await user.selectOptions(screen.getByLabelText("Listing"), "let");
    await user.type(screen.getByLabelText("Min. bedrooms"), "2");
    await user.click(screen.getByRole("button", { name: "Search" }));
    expect(await screen.findByText("No properties match.")).toBeInTheDocument();
    expect(requests.at(-1)?.url.search).toBe("?search=Leeds&listing_type=let&min_bedrooms=2");
  });

  it("shows a failed load with the request ID", async () => {
    renderWithApi(<PropertyList />, { "GET /api/properties": json({ detail: "Internal Server Error" }, 500) });
    expect(await screen.findByRole("alert")).toHaveTextContent("Could not load properties");
    expect(screen.getByRole("alert")).toHaveTextContent("quote this ID to support");
  });
});
