import { z } from 'zod';

/**
 * The global JavaScript functions the app calls with its reports (seed documents: "Listening for network
 * registration changes / for profile activation"). The inline directives set `<object>.registrationChangedScript`
 * and `<object>.profileActivationCompleteScript` to these names before calling the API; the portal-side script
 * (apps/portal-gateway/public/mobile-plans-reports.js) defines them.
 */
export const appReportListeners = {
  registrationChangedScript: 'onMobilePlansRegistrationChanged',
  profileActivationCompleteScript: 'onMobilePlansActivationComplete',
} as const;

export const directiveListenersSchema = z.object({
  registrationChangedScript: z.string().min(1).max(64),
  profileActivationCompleteScript: z.string().min(1).max(64),
});
export type DirectiveListeners = z.output<typeof directiveListenersSchema>;
