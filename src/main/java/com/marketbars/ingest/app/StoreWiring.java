package com.marketbars.ingest.app;

import com.marketbars.ingest.checkpoint.CheckpointStore;
import com.marketbars.ingest.checkpoint.WindowPlanner;
import com.marketbars.ingest.cluster.LeaseFence;
import com.marketbars.ingest.observability.DatabaseHealthCheck;
import com.marketbars.ingest.observability.DatabaseView;
import com.marketbars.ingest.settings.IngestSettings;
import com.marketbars.ingest.store.BarStore;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.store.DatabaseOutage;
import com.marketbars.ingest.store.OutageMarker;

/** The database: opened riding out an outage, with the stores the routes write through and its health and JMX view. */
final class StoreWiring {
    /** What the other wirings build on. */
    record Stores(Database db, DatabaseOutage outage, CheckpointStore checkpoints, WindowPlanner planner, BarStore bars) {
    }

    private StoreWiring() {
    }

    static Stores wire(Wiring w) throws Exception {
        IngestSettings s = w.settings;
        // a database that is restarting or failing over is waited for (ingest.db.max-outage), at start-up as later
        DatabaseOutage outage = new DatabaseOutage(s.dbMaxOutage(), s.retryInitialDelay(), s.retryMaxDelay(), w.clock,
                () -> !w.context.isStopping());
        Database db = w.open(outage.rideOut("opening the database",
                () -> Database.open(s.dbUrl(), s.concurrency() + 2, s.firstFeed().name())));
        db.reportTo(outage.markedIn(OutageMarker.forDatabase(s.dbUrl())));
        CheckpointStore checkpoints = new CheckpointStore(db, w.clock);
        WindowPlanner planner = new WindowPlanner(checkpoints, w.clock);
        BarStore bars = new BarStore(db, w.clock);
        w.bind("Database", db);
        // the writers' pool, for the routes' jdbc: steps (the checkpoint advance, the DLQ row): on SQLite the one
        // writer connection the beans queue on too
        w.bind("dataSource", db.writer());
        w.bind("DatabaseOutage", outage);
        w.bind("CheckpointStore", checkpoints);
        w.bind("WindowPlanner", planner);
        w.bind("BarStore", bars);
        w.bind("LeaseFence", new LeaseFence(db));
        // readiness, served with Camel's own at /observe/health/ready when camel.management.enabled=true
        w.bind("DatabaseHealthCheck", new DatabaseHealthCheck(db, outage));
        w.expose("Database", s.firstFeed().name(), new DatabaseView(db, outage));
        return new Stores(db, outage, checkpoints, planner, bars);
    }
}
