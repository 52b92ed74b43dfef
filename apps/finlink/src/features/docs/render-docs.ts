/** Renders the OpenAPI document as a readable, self-contained HTML page (filled in below). */
export function renderDocs(document: unknown): { body: string; style: string } {
  const style = "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}";
  return { body: `<title>Finlink API</title><style>${style}</style><pre>${JSON.stringify(document)}</pre>`, style };
}
