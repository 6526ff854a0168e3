// Tables of the event store and the state (projection) tables of the aggregates.
export interface CoreTables {}
