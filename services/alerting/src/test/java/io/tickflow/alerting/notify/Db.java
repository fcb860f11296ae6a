package io.tickflow.alerting.notify;

import io.tickflow.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain JDBC reads of a test class's database. */
final class Db {

    private final TestPostgres.Database database;

    Db(TestPostgres.Database database) {
        this.database = database;
    }

    List<Map<String, Object>> rows(String sql, Object... args) {
        try (Connection c = database.connect(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                List<Map<String, Object>> out = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        m.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    out.add(m);
                }
                return out;
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return List.of(); // not migrated yet
            }
            throw new IllegalStateException(e);
        }
    }

    /** The notification rows of the alert(s) with {@code fingerprint}, oldest first. */
    List<Map<String, Object>> notifications(String fingerprint) {
        return rows("SELECT n.*, a.fingerprint FROM alerting.notifications n JOIN alerting.alerts a USING (alert_id)"
                + " WHERE a.fingerprint = ? ORDER BY n.id", fingerprint);
    }

    Map<String, Object> alert(String fingerprint) {
        List<Map<String, Object>> r = rows("SELECT * FROM alerting.alerts WHERE fingerprint = ?"
                + " ORDER BY opened_at DESC LIMIT 1", fingerprint);
        return r.isEmpty() ? null : r.get(0);
    }
}
