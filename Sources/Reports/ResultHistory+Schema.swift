import GRDB
import Results

extension ResultHistory {
    /// The database schema, as migrations applied in order; a migration once released never changes.
    ///
    /// `runs`: one row per recorded report, with its whole JSON (`report_json`) and the environment fingerprint.
    /// `results`: one row per configuration of a run, keyed for look-ups by model SHA-256, configuration
    /// (label, backend, threads, kernels, device) and `environment_hash` (`MachineFingerprint.stableHash`).
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: runs and results") { db in
            try db.execute(sql: """
                CREATE TABLE runs (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    created TEXT NOT NULL,
                    recorded_at TEXT NOT NULL,
                    schema TEXT NOT NULL,
                    environment_hash TEXT NOT NULL,
                    hostname TEXT NOT NULL,
                    cpu_model TEXT NOT NULL,
                    logical_cores INTEGER NOT NULL,
                    kernel TEXT NOT NULL,
                    os TEXT NOT NULL,
                    litert_version TEXT,
                    edgebench_version TEXT NOT NULL,
                    verdict TEXT,
                    report_json TEXT NOT NULL
                );
                CREATE INDEX runs_by_created ON runs(created);
                CREATE TABLE results (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    created TEXT NOT NULL,
                    label TEXT NOT NULL,
                    model TEXT NOT NULL,
                    model_name TEXT NOT NULL,
                    model_sha256 TEXT,
                    backend TEXT NOT NULL,
                    threads INTEGER NOT NULL,
                    kernels TEXT NOT NULL,
                    device TEXT,
                    environment_hash TEXT NOT NULL,
                    available INTEGER NOT NULL,
                    p50_ms REAL,
                    p90_ms REAL,
                    mean_ms REAL,
                    samples INTEGER NOT NULL,
                    UNIQUE (run_id, position)
                );
                CREATE INDEX results_by_key ON results(model_sha256, label, backend, threads, kernels, device, environment_hash, created);
                CREATE INDEX results_by_model_name ON results(model_name);
                CREATE INDEX results_by_model ON results(model);
                """)
        }
        // Fleets: the --machine-name and --tag labels of each run (histories of v1 upgrade in place; old runs keep
        // NULL, read as their fingerprint's host name, and no tags). PostgreSQL's migration 2 is the same.
        migrator.registerMigration("v2: machine name and tags") { db in
            try db.execute(sql: """
                ALTER TABLE runs ADD COLUMN machine_name TEXT;
                ALTER TABLE runs ADD COLUMN tags TEXT NOT NULL DEFAULT '{}';
                CREATE INDEX runs_by_machine ON runs(machine_name);
                """)
        }
        // Accuracy runs and the kind of every run (ResultHistory+Accuracy.swift); PostgreSQL's migration 3 is the same.
        migrator.registerMigration("v3: run kinds and accuracy results") { db in
            try db.execute(sql: ResultHistory.accuracySchemaSQL)
        }
        return migrator
    }
}
