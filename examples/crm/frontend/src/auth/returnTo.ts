/** Where the login page sends the user back to; only paths of this app, never another site. */
export function safeReturnPath(next: string | null | undefined): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  let url: URL;
  try {
    url = new URL(next, "http://app.invalid");
  } catch {
    return "/";
  }
  if (url.origin !== "http://app.invalid" || url.pathname === "/login") return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The login page's URL that returns to `here` (path + query) afterwards. */
export function loginPath(here: string): string {
  const back = safeReturnPath(here);
  return back === "/" ? "/login" : `/login?next=${encodeURIComponent(back)}`;
}
