import { useEffect } from "react";
import { useAuthActions, useSession } from "./auth/context";
import { LoginPage } from "./auth/LoginPage";
import { loginPath, safeReturnPath } from "./auth/returnTo";
import { roleLabel } from "./auth/roles";
import { ClientCreateForm } from "./features/clients/ClientCreateForm";
import { ClientDetail } from "./features/clients/ClientDetail";
import { ClientEditPage } from "./features/clients/ClientEditForm";
import { ClientList } from "./features/clients/ClientList";
import { PropertyDetail } from "./features/properties/PropertyDetail";
import { PropertyList } from "./features/properties/PropertyList";
import { Link, Redirect, matchRoute, useNavigation, type Route } from "./router";

const TITLES: Record<Route["page"], string> = {
  properties: "Properties",
  property: "Property",
  clients: "Clients",
  "client-new": "New client",
  client: "Client",
  "client-edit": "Edit client",
  login: "Sign in",
  "not-found": "Page not found",
};

function Page({ route, search }: { route: Route; search: string }) {
  const flag = (name: string) => new URLSearchParams(search).get(name) === "1";
  switch (route.page) {
    case "properties":
      return <PropertyList />;
    case "property":
      return <PropertyDetail key={route.id} id={route.id} />;
    case "clients":
      return <ClientList justDeleted={flag("deleted")} />;
    case "client-new":
      return <ClientCreateForm />;
    case "client":
      return <ClientDetail key={route.id} id={route.id} justCreated={flag("created")} justUpdated={flag("updated")} />;
    case "client-edit":
      return <ClientEditPage key={route.id} id={route.id} />;
    case "login":
      // Signed in already: App redirects before this renders.
      return null;
    case "not-found":
      return (
        <section>
          <h1>Page not found</h1>
          <p>
            Nothing lives at <code>{route.path}</code>. <Link to="/properties">Go to properties</Link>.
          </p>
        </section>
      );
  }
}

function SignOutButton() {
  const { signOut } = useAuthActions();
  return (
    <button
      type="button"
      className="secondary"
      onClick={() => {
        void signOut();
      }}
    >
      Sign out
    </button>
  );
}

/**
 * The login gate: without a session every page is the login page, at /login?next=<where the
 * user was>; a 401 from any call ends the session (src/auth/session.ts) and lands here the
 * same way. After signing in, `next` brings the user back — and forms restore their drafts.
 */
export function App() {
  const { pathname, search } = useNavigation();
  const session = useSession();
  const route = matchRoute(pathname);
  useEffect(() => {
    document.title = `${TITLES[route.page]} · Estate Agency CRM`;
  }, [route.page]);

  if (session.status !== "signed-in" && route.page !== "login") {
    // After "Sign out" the next person starts afresh; after a 401 the user comes back here.
    const signedOut = session.status === "signed-out" && session.reason === "signed-out";
    return <Redirect to={signedOut ? "/login" : loginPath(`${pathname}${search}`)} />;
  }
  if (session.status === "signed-in" && route.page === "login") return <Redirect to={safeReturnPath(new URLSearchParams(search).get("next"))} />;

  const section = route.page.startsWith("client") ? "clients" : "properties";
  return (
    <>
      <header className="site-header">
        <span className="brand">Estate Agency CRM</span>
        {session.status === "signed-in" && (
          <>
            <nav aria-label="Main">
              <Link to="/properties" className={section === "properties" ? "active" : undefined}>
                Properties
              </Link>
              <Link to="/clients" className={section === "clients" ? "active" : undefined}>
                Clients
              </Link>
            </nav>
            <span className="session">
              <span>
                {session.user.full_name} · {roleLabel(session.user.role)}
              </span>
              <SignOutButton />
            </span>
          </>
        )}
      </header>
      <main>{session.status === "signed-in" ? <Page route={route} search={search} /> : <LoginPage />}</main>
    </>
  );
}
