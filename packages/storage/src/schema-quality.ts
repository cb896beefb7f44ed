/** Tables of the quality module (gold, reviews, aggregates, lots and inspections); filled by migrations/0003-quality.ts. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- tables are added here as the module grows
export interface QualityTables {}
