-- One database per service (ARCHITECTURE.md rule 1: a service owns its tables).
-- Runs once, when the postgres container initialises an empty data volume,
-- as POSTGRES_USER, which therefore owns every database.
CREATE DATABASE identity;
CREATE DATABASE workspace;
CREATE DATABASE asset;
CREATE DATABASE production_tracking;
CREATE DATABASE billing;
CREATE DATABASE importer;
