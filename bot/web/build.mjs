// Builds dist/ from src/: one script, one stylesheet, the page and its icon.
// Run through scripts/build_web.sh, which skips it when nothing changed.
import { build } from "esbuild";
import { copyFile, mkdir, rm } from "node:fs/promises";

const here = new URL(".", import.meta.url).pathname;
const dist = `${here}dist`;

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });
await build({
  absWorkingDir: here,
  entryPoints: { app: "src/main.ts", styles: "src/styles.css" },
  outdir: "dist",
  bundle: true,
  minify: true,
  format: "iife",
  // Phones a few years old still chat. Safari 15 is the floor: esbuild cannot
  // lower socket.io's destructured parameters for Safari 14, which mishandles them.
  target: ["es2019", "chrome80", "firefox78", "safari15", "ios15"],
  legalComments: "eof",
  logLevel: "warning",
});
for (const name of ["index.html", "favicon.svg"]) {
  await copyFile(`${here}src/${name}`, `${dist}/${name}`);
}
