// Swagger UI for the OpenAPI document (openapi.ts): the page, and its assets from the
// swagger-ui-dist npm package (no CDN).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Response } from '../src/request/response.js';

const require = createRequire(import.meta.url);
const swaggerDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
};

/** A Swagger UI asset from the npm package (no CDN), or null when it is not one of ours. */
export async function swaggerUiAsset(name: string): Promise<Response | null> {
  const type = ASSETS[name];
  if (!type) return null;
  return new Response(await readFile(path.join(swaggerDir, name)), {
    headers: { 'content-type': type, 'cache-control': 'public, max-age=86400' },
  });
}

export function swaggerUiPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>IT asset management REST API</title>
  <link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/docs/swagger-ui-bundle.js"></script>
  <script src="/api/docs/swagger-ui-standalone-preset.js"></script>
  <script>
    window.ui = SwaggerUIBundle({
      url: '/api/openapi.json',
      dom_id: '#swagger-ui',
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
      layout: 'StandaloneLayout',
      persistAuthorization: true,
    });
  </script>
</body>
</html>`;
}
