// The bearer token: given once as `#token=...` in the URL, then kept in
// sessionStorage (per tab, gone when it closes) and removed from the address
// bar so that it is not bookmarked, shared or shown in screenshots.
// Without one the dashboard is public.

const KEY = "truce.token";

export function loadToken(): string | null {
  const hash = new URLSearchParams(window.location.hash.replace(/^#/, ""));
  const fromUrl = hash.get("token");
  if (fromUrl !== null) {
    if (fromUrl === "") sessionStorage.removeItem(KEY);
    else sessionStorage.setItem(KEY, fromUrl);
    hash.delete("token");
    const rest = hash.toString();
    const url = window.location.pathname + window.location.search + (rest ? `#${rest}` : "");
    window.history.replaceState(null, "", url);
  }
  return sessionStorage.getItem(KEY);
}
