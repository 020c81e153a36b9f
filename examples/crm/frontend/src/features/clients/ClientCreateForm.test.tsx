import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../../App";
import { aClient, json, renderWithApi } from "../../test/fakeApi";
import { ClientCreateForm } from "./ClientCreateForm";

describe("ClientCreateForm", () => {
  it("creates the client and opens its page", async () => {
    const user = userEvent.setup();
    const { requests } = renderWithApi(
      <App />,
      {
        "POST /api/clients": (request) => ({ status: 201, body: aClient({ id: 42, ...(request.body as object) }) }),
        "GET /api/clients/42": json(aClient({ id: 42 })),
        "GET /api/viewings": json([]),
      },
      "/clients/new",
    );
    await user.type(screen.getByLabelText("Full name"), "Siobhán O'Brien");
    await user.type(screen.getByLabelText("E-mail"), "siobhan.obrien@example.com");
    await user.type(screen.getByLabelText("Notes"), "Looking for a 2-bed flat");
    await user.click(screen.getByRole("button", { name: "Create client" }));

    expect(await screen.findByRole("heading", { name: "Siobhán O'Brien" })).toBeInTheDocument();
    expect(screen.getByText("Client created.")).toBeInTheDocument();
    expect(window.location.pathname).toBe("/clients/42");
    const post = requests.find((request) => request.method === "POST");
    expect(post?.body).toEqual({ full_name: "Siobhán O'Brien", email: "siobhan.obrien@example.com", phone: null, notes: "Looking for a 2-bed flat" });
    expect(post?.headers.get("X-Request-ID")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("shows field problems without calling the API", async () => {
    const user = userEvent.setup();
    const { requests } = renderWithApi(<ClientCreateForm />, {});
    await user.type(screen.getByLabelText("Full name"), "<b>Bob</b>");
    await user.type(screen.getByLabelText("Phone (optional)"), "12");
    await user.click(screen.getByRole("button", { name: "Create client" }));
    expect(screen.getByText("Use letters, spaces and ' ’ - . & only.")).toBeInTheDocument();
    expect(screen.getByText("Enter an e-mail address.")).toBeInTheDocument();
    expect(screen.getByText("Enter a phone number such as +44 20 7946 0958.")).toBeInTheDocument();
    expect(screen.getByLabelText("Full name")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("Full name")).toHaveAttribute("aria-describedby", "full_name-error");
    expect(requests).toHaveLength(0);
  });

  it("shows the API's refusal with the request ID to quote to support", async () => {
    const user = userEvent.setup();
    const { requests } = renderWithApi(<ClientCreateForm />, { "POST /api/clients": json({ detail: "A client with this email exists" }, 409) });
    await user.type(screen.getByLabelText("Full name"), "Siobhán O'Brien");
    await user.type(screen.getByLabelText("E-mail"), "taken@example.com");
    await user.click(screen.getByRole("button", { name: "Create client" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The client was not saved");
    expect(alert).toHaveTextContent("A client with this email exists");
    expect(alert).toHaveTextContent("quote this ID to support");
    const sentId = requests[0]?.headers.get("X-Request-ID");
    expect(screen.getByTestId("request-id")).toHaveTextContent(sentId ?? "missing");
    await waitFor(() => {
      expect(screen.getByRole("button", { name: "Create client" })).toBeEnabled();
    });
  });

  it("lists the API's field errors from a 400", async () => {
    const user = userEvent.setup();
    renderWithApi(<ClientCreateForm />, {
      "POST /api/clients": json({ detail: "Validation failed", errors: [{ loc: ["body", "email"], msg: "value is not a valid email address: The domain name example.invalid does not exist", type: "value_error" }] }, 400),
    });
    await user.type(screen.getByLabelText("Full name"), "Ana Núñez");
    await user.type(screen.getByLabelText("E-mail"), "ana@example.invalid");
    await user.type(screen.getByLabelText("Phone (optional)"), "+44 117 496 0000");
    await user.click(screen.getByRole("button", { name: "Create client" }));
    expect(await screen.findByText(/The domain name example.invalid does not exist/)).toBeInTheDocument();
    expect(screen.getByText("email:")).toBeInTheDocument();
  });
});
