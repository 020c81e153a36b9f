import { createContext, useCallback, useContext, useEffect, useMemo, useState, type MouseEvent, type ReactNode } from "react";

/** The app's pages; unknown paths fall back to "not-found". */
export type Route =
  | { page: "properties" }
  | { page: "property"; id: number }
  | { page: "clients" }
  | { page: "client-new" }
  | { page: "client"; id: number }
  | { page: "client-edit"; id: number }
  | { page: "login" }
  | { page: "not-found"; path: string };

function parseId(text: string | undefined): number | null {
  if (text === undefined || !/^[1-9]\d{0,15}$/.test(text)) return null;
  return Number(text);
}

export function matchRoute(pathname: string): Route {
  const parts = pathname.replace(/\/+$/, "").split("/").filter(Boolean);
  const [first, second, ...rest] = parts;
  if (first === "login" && second === undefined) return { page: "login" };
  if (first === "clients" && rest.length === 1 && rest[0] === "edit") {
    const id = parseId(second);
    if (id !== null) return { page: "client-edit", id };
  }
  if (rest.length === 0) {
    if (first === undefined || (first === "properties" && second === undefined)) return { page: "properties" };
    if (first === "clients" && second === undefined) return { page: "clients" };
    if (first === "clients" && second === "new") return { page: "client-new" };
    const id = parseId(second);
    if (first === "properties" && id !== null) return { page: "property", id };
    if (first === "clients" && id !== null) return { page: "client", id };
  }
  return { page: "not-found", path: pathname };
}

interface Navigation {
  pathname: string;
  search: string;
  /** Go to `to`; `replace` swaps the current history entry (redirects), so Back skips it. */
  navigate: (to: string, options?: { replace?: boolean }) => void;
}

const NavigationContext = createContext<Navigation>({ pathname: "/", search: "", navigate: () => undefined });

function currentLocation(): { pathname: string; search: string } {
  return { pathname: window.location.pathname, search: window.location.search };
}

/** History-API routing; vercel.json rewrites every path to index.html so deep links load. */
export function Router({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState(currentLocation);
  useEffect(() => {
    const onPop = () => {
      setLocation(currentLocation());
    };
    window.addEventListener("popstate", onPop);
    return () => {
      window.removeEventListener("popstate", onPop);
    };
  }, []);
  const navigate = useCallback((to: string, options: { replace?: boolean } = {}) => {
    if (options.replace) window.history.replaceState(null, "", to);
    else window.history.pushState(null, "", to);
    setLocation(currentLocation());
  }, []);
  const value = useMemo(() => ({ ...location, navigate }), [location, navigate]);
  return <NavigationContext.Provider value={value}>{children}</NavigationContext.Provider>;
}

export function useNavigation(): Navigation {
  return useContext(NavigationContext);
}

export function Link({ to, children, className }: { to: string; children: ReactNode; className?: string | undefined }) {
  const { navigate } = useNavigation();
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    // Let the browser handle new-tab and modified clicks.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} className={className}>
      {children}
    </a>
  );
}

/** Sends the user to `to` without a history entry of its own (login gate, after sign-in). */
export function Redirect({ to }: { to: string }) {
  const { navigate } = useNavigation();
  useEffect(() => {
    navigate(to, { replace: true });
  }, [navigate, to]);
  return null;
}
