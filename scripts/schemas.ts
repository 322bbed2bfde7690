// npm run schemas: writes schemas/*.json from the zod schemas (committed; a test checks they are current).
import { mkdirSync, writeFileSync } from 'node:fs';
import { allSchemas, render } from '../src/build/schemas.js';

mkdirSync('schemas', { recursive: true });
for (const [name, schema] of Object.entries(allSchemas())) writeFileSync(`schemas/${name}`, render(schema));
console.log(`wrote ${Object.keys(allSchemas()).length} schemas to schemas/`);
