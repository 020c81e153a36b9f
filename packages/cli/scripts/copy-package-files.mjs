// npm packs LICENSE and CHANGELOG.md only from the package's own folder; the
// repository keeps one copy of each at its root. `npm pack` / `npm publish` run
// this first (prepack), so the tarball always carries the current ones.
import { copyFileSync } from "node:fs";

for (const name of ["LICENSE", "CHANGELOG.md"]) copyFileSync(new URL(`../../../${name}`, import.meta.url), new URL(`../${name}`, import.meta.url));
