import { useEffect } from "react";
import { ClientCreateForm } from "./features/clients/ClientCreateForm";
import { ClientDetail } from "./features/clients/ClientDetail";
import { ClientList } from "./features/clients/ClientList";
import { PropertyDetail } from "./features/properties/PropertyDetail";
import { PropertyList } from "./features/properties/PropertyList";
import { Link, matchRoute, useNavigation, type Route } from "./router";

const TITLES: Record<Route["page"], string> = {
  properties: "Properties",
  property: "Property",
  clients: "Clients",
  "client-new": "New client",
  client: "Client",
  "not-found": "Page not found",
};

function Page({ route, search }: { route: Route; search: string }) {
  switch (route.page) {
    case "properties":
      return <PropertyList />;
    case "property":
      return <PropertyDetail key={route.id} id={route.id} />;
    case "clients":
      return <ClientList />;
    case "client-new":
      return <ClientCreateForm />;
    case "client":
      return <ClientDetail key={route.id} id={route.id} justCreated={new URLSearchParams(search).get("created") === "1"} />;
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

export function App() {
  const { pathname, search } = useNavigation();
  const route = matchRoute(pathname);
  useEffect(() => {
    document.title = `${TITLES[route.page]} · Estate Agency CRM`;
  }, [route.page]);
  const section = route.page.startsWith("client") ? "clients" : "properties";
  return (
    <>
      <header className="site-header">
        <span className="brand">Estate Agency CRM</span>
        <nav aria-label="Main">
          <Link to="/properties" className={section === "properties" ? "active" : undefined}>
            Properties
          </Link>
          <Link to="/clients" className={section === "clients" ? "active" : undefined}>
            Clients
          </Link>
        </nav>
      </header>
      <main>
        <Page route={route} search={search} />
      </main>
    </>
  );
}
