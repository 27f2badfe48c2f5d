// The page's CSP forbids eval. Zod probes `new Function` when its first object schema is built
// (for a faster parser), which the browser reports as a CSP violation; turn that path off before
// any schema exists. Imported first by main.tsx.
import { z } from 'zod';

z.config({ jitless: true });
