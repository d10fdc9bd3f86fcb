import { z } from 'zod';

/** Response of `GET /api/v1/ui/settings`: what the web UI needs from the site's configuration. */
export const uiSettingsSchema = z.object({
  catalog: z
    .array(z.object({ name: z.string(), description: z.string() }))
    .describe('Images users may run (the software catalog)'),
  allowUserImages: z.boolean().describe('Images outside the catalog are allowed too'),
  temporalUiUrl: z
    .string()
    .nullable()
    .describe("The Temporal UI's address: admins only (null for others)"),
  temporalNamespace: z.string().nullable().describe('The Temporal namespace: admins only'),
});

/** What the web UI needs from the site's configuration. */
export type UiSettings = z.infer<typeof uiSettingsSchema>;
