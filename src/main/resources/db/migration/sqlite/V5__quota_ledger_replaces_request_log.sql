-- The vendor request log of one process is replaced by the quota ledger shared by all processes of an account,
-- which SQLite keeps in its own file (db/migration/sqlite-quota). Its rows only mattered for the last period.
DROP TABLE vendor_request_log;
