/**
 * The store SPI and its two implementations: an embedded SQLite file (WAL, {@code synchronous=FULL}, one
 * writer) and PostgreSQL (pgjdbc + HikariCP, shared by several Sluice nodes). Both run the same versioned
 * migrations and the same portable SQL; every value is bound as a parameter.
 */
package dev.sluice.store;
