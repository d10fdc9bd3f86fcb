import { z } from 'zod';

// zod compiles fast object parsers with `new Function` and decides so when each schema is
// built. The page's CSP forbids eval (a compiled parser or even zod's probe for it would log a
// violation), so this module is imported first, before any schema exists. The interpreted
// parsers are fast enough for the UI's answers.
z.config({ jitless: true });
