// After `vite build`: writes a Brotli (.br) and a gzip (.gz) copy beside each text file of
// dist/ (scripts, styles, HTML, SVG, JSON), at the highest levels, so ticketd sends them as
// they are to a browser that accepts them (Accept-Encoding) and never compresses on the fly.
// A copy that would not be smaller is not written.
import { readdirSync, readFileSync, statSync, writeFileSync, rmSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../dist");
const TEXT = /\.(js|mjs|css|html|svg|json|txt|webmanifest|map)$/i;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else yield p;
  }
}

let written = 0;
for (const file of files(dist)) {
  if (!TEXT.test(file)) continue;
  const raw = readFileSync(file);
  const copies = {
    ".br": zlib.brotliCompressSync(raw, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
    }),
    ".gz": zlib.gzipSync(raw, { level: 9 }),
  };
  for (const [ext, data] of Object.entries(copies)) {
    if (data.length < raw.length) {
      writeFileSync(file + ext, data);
      written++;
    } else if (existsSync(file + ext)) rmSync(file + ext);
  }
}
console.log(`precompress: ${written} compressed copies in ${path.relative(process.cwd(), dist) || "."}`);
