package dev.sluice.store;

/** The SQL engines Sluice stores into. */
public enum Dialect {
    SQLITE,
    POSTGRESQL
}
