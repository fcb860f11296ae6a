import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Runs SQL statements, one per argument, against a JDBC URL: how the scripts create or reset a database without
 * needing a psql client. Usage: java -cp "<stack lib>/*" scripts/Sql.java URL USER PASSWORD STATEMENT...
 */
public class Sql {
    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0], args[1], args[2]);
                Statement st = c.createStatement()) {
            for (int i = 3; i < args.length; i++) {
                st.execute(args[i]);
            }
        }
    }
}
