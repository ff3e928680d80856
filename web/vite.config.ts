// The app is served by `sanad serve` from assets embedded in the binary
// (web/CMakeLists.txt); the Content-Security-Policy forbids inline scripts and
// styles, so everything must end up in files under /assets/.
import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';

// The API documentation travels with the app, so the footer's link works on
// a site without internet: docs/api.md is served as /docs/api.md.
function ApiDocs(): Plugin {
  const source = new URL('../docs/api.md', import.meta.url);
  return {
    name: 'sanad-api-docs',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'docs/api.md', source: readFileSync(source, 'utf8') });
    },
  };
}

export default defineConfig({
  base: '/',
  plugins: [ApiDocs()],
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    target: 'es2020',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    sourcemap: false,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' },
  },
});
