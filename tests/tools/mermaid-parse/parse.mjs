// Parses a Mermaid diagram with Mermaid's own parser; exit 1 if invalid.
// Mermaid expects a DOM; jsdom provides one.
import fs from 'fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
const text = fs.readFileSync(process.argv[2], 'utf8');
try {
  const result = await mermaid.parse(text);
  console.log(result.diagramType);
} catch (error) {
  console.error(`invalid: ${error.message}`);
  process.exit(1);
}
