import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ApiError } from "../api/errors";
import { aUser, renderWithApi } from "../test/fakeApi";
import { ErrorNotice } from "./ErrorNotice";

describe("ErrorNotice", () => {
  it("turns a 403 into what the signed-in role cannot do", () => {
    renderWithApi(<ErrorNotice error={new ApiError("Forbidden", 403, "req-403-0001")} action="create clients" />, {}, "/", { user: aUser({ role: "property_manager" }) });
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("Not allowed");
    expect(alert).toHaveTextContent("Your role (Property manager) cannot create clients.");
    expect(alert).toHaveTextContent("req-403-0001");
    expect(alert).not.toHaveFocus();
  });

  it("still says something clear outside a session and without an action", () => {
    render(<ErrorNotice error={new ApiError("", 403, "req-403-0002")} />);
    expect(screen.getByRole("alert")).toHaveTextContent("Your role cannot do this.");
    expect(screen.queryByText(/The API said/)).not.toBeInTheDocument();
  });

  it("takes focus when asked, for the answer to a submit", () => {
    render(<ErrorNotice error={new ApiError("A client with this email exists", 409, "req-409-0001")} focus />);
    expect(screen.getByRole("alert")).toHaveFocus();
    expect(screen.getByRole("alert")).toHaveTextContent("Something went wrong");
  });
});
