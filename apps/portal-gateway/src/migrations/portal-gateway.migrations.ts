import type { MigrationSet } from '@mp/database';
import { PortalGatewayTables1763900000000 } from './1763900000000-portal-gateway-tables';
import { PurchaseViewAsJson1763900100000 } from './1763900100000-purchase-view-as-json';
import { IntakeReceiptClient1765000000000 } from './1765000000000-intake-receipt-client';
import { PurchaseViewAlias1765100000000 } from './1765100000000-purchase-view-alias';

export const portalGatewayMigrations: MigrationSet = {
  owner: 'portal-gateway',
  tableName: 'migrations_portal_gateway',
  migrations: [
    PortalGatewayTables1763900000000,
    PurchaseViewAsJson1763900100000,
    IntakeReceiptClient1765000000000,
    PurchaseViewAlias1765100000000,
  ],
};
