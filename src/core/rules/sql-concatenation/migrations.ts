/**
 * Schema migrations (Laravel `database/migrations/`, Doctrine `migrations/`, EF Core `Migrations/`, Flyway
 * `db/migration/`) run once, at deploy time, with no request in sight: table prefixes, generated ids and
 * column lists spliced into their DDL/DML cannot carry anyone's input. The Java, C# and PHP checks of
 * `sql-concatenation` skip them.
 */
export function isMigrationPath(path: string): boolean {
  return /(?:^|\/)(?:migrations?|db\/migrate)\//i.test(path);
}
