package com.marketbars.ingest.support;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real data source seen through a counter: the statements prepared on its connections and the rows read from their
 * results. For specs that hold a read to a number of statements and rows (linear, not quadratic), whatever the time.
 */
public final class CountingDataSource {
    private final AtomicLong statements = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final DataSource counted;

    public CountingDataSource(DataSource real) {
        this.counted = proxy(DataSource.class, real);
    }

    public DataSource dataSource() {
        return counted;
    }

    public long statements() {
        return statements.get();
    }

    public long rows() {
        return rows.get();
    }

    public void reset() {
        statements.set(0);
        rows.set(0);
    }

    private <T> T proxy(Class<T> type, T real) {
        InvocationHandler h = (p, m, args) -> {
            Object out;
            try {
                out = m.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (m.getName().equals("next") && Boolean.TRUE.equals(out)) {
                rows.incrementAndGet();
            }
            if (out instanceof PreparedStatement ps && m.getName().startsWith("prepare")) {
                statements.incrementAndGet();
                return proxy(PreparedStatement.class, ps);
            }
            if (out instanceof Statement st && m.getName().equals("createStatement")) {
                statements.incrementAndGet();
                return proxy(Statement.class, st);
            }
            if (out instanceof Connection c) {
                return proxy(Connection.class, c);
            }
            if (out instanceof ResultSet rs) {
                return proxy(ResultSet.class, rs);
            }
            return out;
        };
        return type.cast(Proxy.newProxyInstance(CountingDataSource.class.getClassLoader(), new Class<?>[]{type}, h));
    }
}
