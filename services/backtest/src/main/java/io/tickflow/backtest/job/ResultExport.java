package io.tickflow.backtest.job;

import io.vertx.mutiny.sqlclient.Row;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stored trades and equity points as JSON objects or CSV (a header line, then one line a row; times ISO-8601 UTC,
 * amounts as exact plain decimals, never in exponent notation). Column names are the JSON field names.
 */
final class ResultExport {

    static final List<String> TRADE_COLUMNS = List.of("instrument", "side", "entryTime", "entryPrice", "exitTime",
            "exitPrice", "size", "grossPnl", "funding", "commission", "netPnl");
    static final List<String> EQUITY_COLUMNS = List.of("time", "equity", "kind");

    private ResultExport() {
    }

    static List<Map<String, String>> json(List<Row> rows, List<String> columns) {
        List<Map<String, String>> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                m.put(columns.get(i), text(r.getValue(i)));
            }
            out.add(m);
        }
        return out;
    }

    static String csv(List<Row> rows, List<String> columns) {
        StringBuilder sb = new StringBuilder(String.join(",", columns)).append('\n');
        for (Row r : rows) {
            for (int i = 0; i < columns.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(text(r.getValue(i))); // instruments, sides and kinds never hold commas or quotes
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof OffsetDateTime t) {
            return t.toInstant().toString();
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof io.vertx.sqlclient.data.Numeric n) {
            return n.bigDecimalValue().toPlainString();
        }
        return v.toString();
    }
}
