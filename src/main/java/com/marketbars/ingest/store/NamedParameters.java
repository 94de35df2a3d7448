package com.marketbars.ingest.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Statements of the dialect files that a route also runs as a {@code jdbc:} step name their parameters as camel-jdbc
 * does ({@code :?name}, values from the {@code CamelJdbcParameters} header), so one text serves the route and the beans
 * that run it themselves. This is the beans' side: the same names bound from the same map. (camel-jdbc's own
 * parser is not public API; this is the dozen lines it takes to bind a name list in order.)
 */
public final class NamedParameters {
    private static final Pattern NAME = Pattern.compile(":\\?(\\w+)");

    private NamedParameters() {
    }

    /** {@code sql} with its {@code :?name}s bound from {@code values}; a name without a value is an error. */
    public static PreparedStatement prepare(Connection c, String sql, Map<String, ?> values) throws SQLException {
        List<String> names = new ArrayList<>();
        Matcher m = NAME.matcher(sql);
        while (m.find()) {
            names.add(m.group(1));
        }
        PreparedStatement ps = c.prepareStatement(m.replaceAll("?"));
        try {
            for (int i = 0; i < names.size(); i++) {
                if (!values.containsKey(names.get(i))) {
                    throw new IllegalArgumentException("no value for :?" + names.get(i) + " in " + values.keySet());
                }
                ps.setObject(i + 1, values.get(names.get(i)));
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }
}
