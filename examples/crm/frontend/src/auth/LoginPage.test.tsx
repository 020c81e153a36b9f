import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../App";
import { aClient, aUser, json, renderWithApi, TEST_TOKEN, type FakeHandler } from "../test/fakeApi";

const NEW_TOKEN = "fresh-token-from-login";
const login: FakeHandler = (request) => {
  const body = request.body as { email: string; password: string };
  return body.password === "correct horse battery"
    ? { status: 200, body: { access_token: NEW_TOKEN, token_type: "bearer", expires_in: 3600 } }
    : { status: 401, body: { detail: "Invalid email or password" }, headers: { "WWW-Authenticate": "Bearer" } };
};
const me = (user = aUser()): FakeHandler => (request) =>
  request.headers.get("Authorization") === `Bearer ${NEW_TOKEN}` ? { status: 200, body: user } : { status: 401, body: { detail: "Not authenticated" } };

async function signIn(user: ReturnType<typeof userEvent.setup>, password = "correct horse battery", email = "nia.evans@example.com") {
  const emailField = await screen.findByLabelText("E-mail");
  await user.clear(emailField);
  await user.type(emailField, email);
  await user.type(screen.getByLabelText("Password"), password);
  await user.click(screen.getByRole("button", { name: "Sign in" }));
}

describe("signing in", () => {
  it("sends a signed-out visitor to the login page and back to the page they asked for", async () => {
    const user = userEvent.setup();
    const { requests } = renderWithApi(
      <App />,
      { "POST /api/auth/login": login, "GET /api/auth/me": me(), "GET /api/clients/7": json(aClient()), "GET /api/viewings": json([]), "GET /api/properties": json([]) },
      "/clients/7",
      { user: null },
    );
    expect(await screen.findByRole("heading", { name: "Sign in" })).toBeInTheDocument();
    expect(`${window.location.pathname}${window.location.search}`).toBe("/login?next=%2Fclients%2F7");
    expect(screen.queryByRole("navigation", { name: "Main" })).not.toBeInTheDocument();
    expect(requests).toHaveLength(0);

    await signIn(user);
    expect(await screen.findByRole("heading", { name: "Siobhán O'Brien" })).toBeInTheDocument();
    expect(window.location.pathname).toBe("/clients/7");
    expect(screen.getByText("Nia Evans · Lettings negotiator")).toBeInTheDocument();
    const [loginCall, meCall, ...pageCalls] = requests;
    expect(loginCall?.body).toEqual({ email: "nia.evans@example.com", password: "correct horse battery" });
    expect(loginCall?.headers.has("Authorization")).toBe(false);
    expect(meCall?.headers.get("Authorization")).toBe(`Bearer ${NEW_TOKEN}`);
    expect(pageCalls.length).toBeGreaterThan(0);
    for (const call of pageCalls) expect(call.headers.get("Authorization")).toBe(`Bearer ${NEW_TOKEN}`);
  });

  it("keeps the token in memory only: no localStorage, sessionStorage or cookie", async () => {
    const user = userEvent.setup();
    localStorage.clear();
    sessionStorage.clear();
    renderWithApi(<App />, { "POST /api/auth/login": login, "GET /api/auth/me": me(), "GET /api/properties": json([]) }, "/login", { user: null });
    await signIn(user);
    expect(await screen.findByRole("heading", { name: "Properties" })).toBeInTheDocument();
    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);
    expect(document.cookie).toBe("");
    expect(document.documentElement.innerHTML).not.toContain(NEW_TOKEN);
  });

  it("shows a refused login, moves focus to it, and sends no one anywhere", async () => {
    const user = userEvent.setup();
    renderWithApi(<App />, { "POST /api/auth/login": login }, "/login?next=%2Fclients", { user: null });
    await signIn(user, "wrong password");
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Could not sign in");
    expect(alert).toHaveTextContent("Invalid email or password");
    expect(alert).toHaveFocus();
    expect(window.location.pathname).toBe("/login");
    expect(screen.getByRole("button", { name: "Sign in" })).toBeEnabled();
  });

  it("asks for the missing field without calling the API", async () => {
    const user = userEvent.setup();
    const { requests } = renderWithApi(<App />, {}, "/login", { user: null });
    await user.click(await screen.findByRole("button", { name: "Sign in" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Enter your e-mail address.");
    expect(screen.getByLabelText("E-mail")).toHaveFocus();
    expect(screen.getByLabelText("E-mail")).toHaveAccessibleDescription("Enter your e-mail address.");
    await user.type(screen.getByLabelText("E-mail"), "nia.evans@example.com");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Enter your password.");
    expect(screen.getByLabelText("Password")).toHaveFocus();
    expect(screen.getByLabelText("Password")).toHaveAttribute("aria-invalid", "true");
    expect(requests).toHaveLength(0);
  });

  it("never follows a next= that leaves the app", async () => {
    const user = userEvent.setup();
    renderWithApi(<App />, { "POST /api/auth/login": login, "GET /api/auth/me": me(), "GET /api/properties": json([]) }, "/login?next=%2F%2Fevil.example%2Fphish", { user: null });
    await signIn(user);
    expect(await screen.findByRole("heading", { name: "Properties" })).toBeInTheDocument();
    expect(window.location.href).toBe("http://localhost:3000/");
  });
});

describe("signing out", () => {
  it("revokes the token at the API, then shows the login page", async () => {
    const user = userEvent.setup();
    const { requests, session } = renderWithApi(<App />, { "GET /api/clients": json([]), "POST /api/auth/logout": () => ({ status: 204 }) }, "/clients");
    await user.click(await screen.findByRole("button", { name: "Sign out" }));
    expect(await screen.findByText("You have signed out.")).toBeInTheDocument();
    expect(`${window.location.pathname}${window.location.search}`).toBe("/login");
    const logout = requests.find((r) => r.url.pathname === "/api/auth/logout");
    expect(logout?.method).toBe("POST");
    expect(logout?.headers.get("Authorization")).toBe(`Bearer ${TEST_TOKEN}`);
    expect(session.token()).toBeNull();
  });

  it("forgets the token even when the API cannot be reached", async () => {
    const user = userEvent.setup();
    const { session } = renderWithApi(<App />, { "GET /api/clients": json([]), "POST /api/auth/logout": json({ detail: "The server had a problem" }, 503) }, "/clients");
    await user.click(await screen.findByRole("button", { name: "Sign out" }));
    expect(await screen.findByRole("heading", { name: "Sign in" })).toBeInTheDocument();
    expect(session.token()).toBeNull();
  });
});

describe("a 401 in the middle of work", () => {
  async function typeNewClientThenLoseSession(user: ReturnType<typeof userEvent.setup>) {
    await user.type(await screen.findByLabelText("Full name"), "Siobhán O'Brien");
    await user.type(screen.getByLabelText("E-mail"), "siobhan.obrien@example.com");
    await user.type(screen.getByLabelText("Notes"), "Wants a two-bed flat");
    await user.click(screen.getByRole("button", { name: "Create client" }));
    expect(await screen.findByText("Your session has ended. Sign in again to carry on where you left off.")).toBeInTheDocument();
    expect(`${window.location.pathname}${window.location.search}`).toBe("/login?next=%2Fclients%2Fnew");
  }

  it("sends the user to login and back to the form with their input", async () => {
    const user = userEvent.setup();
    const createClient: FakeHandler = (request) =>
      request.headers.get("Authorization") === `Bearer ${NEW_TOKEN}`
        ? { status: 201, body: aClient({ id: 42, ...(request.body as object) }) }
        : { status: 401, body: { detail: "Invalid or expired token" }, headers: { "WWW-Authenticate": "Bearer" } };
    const { requests } = renderWithApi(
      <App />,
      { "POST /api/auth/login": login, "GET /api/auth/me": me(), "POST /api/clients": createClient, "GET /api/clients/42": json(aClient({ id: 42 })), "GET /api/viewings": json([]), "GET /api/properties": json([]) },
      "/clients/new",
    );
    await typeNewClientThenLoseSession(user);
    // The e-mail of whoever was signed in is offered again.
    expect(screen.getByLabelText("E-mail")).toHaveValue("nia.evans@example.com");
    await user.type(screen.getByLabelText("Password"), "correct horse battery");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByRole("heading", { name: "New client" })).toBeInTheDocument();
    expect(window.location.pathname).toBe("/clients/new");
    expect(screen.getByText("Your unsaved input is back: check it and create the client.")).toBeInTheDocument();
    expect(screen.getByLabelText("Full name")).toHaveValue("Siobhán O'Brien");
    expect(screen.getByLabelText("Notes")).toHaveValue("Wants a two-bed flat");
    await user.click(screen.getByRole("button", { name: "Create client" }));
    expect(await screen.findByText("Client created.")).toBeInTheDocument();
    const posts = requests.filter((r) => r.method === "POST" && r.url.pathname === "/api/clients");
    expect(posts.map((r) => r.headers.get("Authorization"))).toEqual([`Bearer ${TEST_TOKEN}`, `Bearer ${NEW_TOKEN}`]);
  });

  it("gives someone else who signs in the page, but not the previous user's input", async () => {
    const user = userEvent.setup();
    renderWithApi(
      <App />,
      {
        "POST /api/auth/login": login,
        "GET /api/auth/me": me(aUser({ id: 9, full_name: "Tom Reed", email: "tom.reed@example.com", role: "branch_manager" })),
        "POST /api/clients": json({ detail: "Invalid or expired token" }, 401),
      },
      "/clients/new",
    );
    await typeNewClientThenLoseSession(user);
    await signIn(user, "correct horse battery", "tom.reed@example.com");
    expect(await screen.findByRole("heading", { name: "New client" })).toBeInTheDocument();
    expect(screen.getByText("Tom Reed · Branch manager")).toBeInTheDocument();
    expect(screen.getByLabelText("Full name")).toHaveValue("");
    expect(screen.queryByText(/unsaved input is back/)).not.toBeInTheDocument();
  });

  it("brings an edit back after login and still sends it against the version it started from", async () => {
    const user = userEvent.setup();
    let version = 1;
    const { requests } = renderWithApi(
      <App />,
      {
        "POST /api/auth/login": login,
        "GET /api/auth/me": me(),
        "GET /api/clients/7": () => ({ status: 200, body: aClient(version === 1 ? {} : { phone: "+44 117 496 0000" }), headers: { ETag: `"7-${version}"` } }),
        "PATCH /api/clients/7": (request) => {
          if (request.headers.get("Authorization") !== `Bearer ${NEW_TOKEN}`) return { status: 401, body: { detail: "Invalid or expired token" }, headers: { "WWW-Authenticate": "Bearer" } };
          return request.headers.get("If-Match") === `"7-${version}"` ? { status: 200, body: aClient(request.body as object) } : { status: 412, body: { detail: "The client was changed by someone else; reload it" } };
        },
      },
      "/clients/7/edit",
    );
    await user.type(await screen.findByLabelText("Notes"), "Keys with the concierge");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect(await screen.findByText("Your session has ended. Sign in again to carry on where you left off.")).toBeInTheDocument();
    version = 2; // a colleague saves while this user signs in again
    await signIn(user);

    expect(await screen.findByText("Your unsaved changes are back: check them and save.")).toBeInTheDocument();
    expect(window.location.pathname).toBe("/clients/7/edit");
    expect(screen.getByLabelText("Notes")).toHaveValue("Keys with the concierge");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("This client was changed by someone else");
    // The draft was typed over version 1: saving it over version 2 unseen would lose the colleague's phone.
    expect(requests.filter((r) => r.method === "PATCH").map((r) => r.headers.get("If-Match"))).toEqual(['"7-1"', '"7-1"']);
  });

  it("ends the session on a 401 while a page loads, too", async () => {
    renderWithApi(<App />, { "GET /api/properties": json({ detail: "Invalid or expired token" }, 401) }, "/properties?search=x");
    expect(await screen.findByRole("heading", { name: "Sign in" })).toBeInTheDocument();
    await waitFor(() => {
      expect(`${window.location.pathname}${window.location.search}`).toBe("/login?next=%2Fproperties%3Fsearch%3Dx");
    });
  });
});
