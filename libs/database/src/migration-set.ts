import type { MigrationInterface } from 'typeorm';

/**
 * The migrations of one owner (a module or lib), recorded in the owner's own migrations table. Owners migrate
 * independently, so a module's tables stay private to it and apps deployed alone migrate only what they own.
 */
export interface MigrationSet {
  readonly owner: string;
  readonly tableName: string;
  readonly migrations: ReadonlyArray<new () => MigrationInterface>;
}
