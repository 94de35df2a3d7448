package com.marketbars.ingest.app;

import com.marketbars.ingest.feeds.Feed;
import com.marketbars.ingest.model.Quota;
import com.marketbars.ingest.quota.AccountQuota;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.store.DatabaseClock;
import com.marketbars.ingest.store.DatabaseOutage;
import com.marketbars.ingest.store.JdbcQuotaLedger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Each vendor account's quota, kept with every other process of ours that uses the account (see QuotaLedger) on a
 * connection of its own; its times are the database server's, which every machine sharing it reads alike. The feeds
 * of one account share it.
 */
final class QuotaWiring {
    private QuotaWiring() {
    }

    static List<AccountQuota> wire(Wiring w, DatabaseOutage outage) throws Exception {
        Database ledgerDb = w.open(outage.rideOut("opening the quota ledger", () -> Database.openQuotaLedger(w.settings.dbUrl())));
        Clock ledgerClock = DatabaseClock.forLedger(ledgerDb, w.clock);
        JdbcQuotaLedger ledger = new JdbcQuotaLedger(ledgerDb, ledgerClock);
        List<AccountQuota> quotas = new ArrayList<>();
        for (Map.Entry<String, Quota> account : w.settings.accounts().entrySet()) {
            AccountQuota q = new AccountQuota(account.getKey(), account.getValue(), w.settings.maxAnswerTime(), ledger, ledgerClock);
            quotas.add(q);
            w.expose("Account", account.getKey(), q);
            w.bind(Feed.quotaBeanName(account.getKey()), q);
        }
        return quotas;
    }
}
