import bringUpInfrastructure from './infrastructure.global-setup';
import { buildApps } from './build-apps';

/** The e2e tier runs the built artefacts, exactly as `npm start` does. */
export default function setUpEndToEnd(): void {
  bringUpInfrastructure();
  buildApps();
}
