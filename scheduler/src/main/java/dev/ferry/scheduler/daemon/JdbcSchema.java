package dev.ferry.scheduler.daemon;

import dev.ferry.scheduler.config.DaemonSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Creates Quartz's tables on first start, from the PostgreSQL script inside the Quartz jar, in
 * one transaction and under an advisory lock, so that daemons starting together create them once.
 */
final class JdbcSchema {
    static final String DDL = "/org/quartz/impl/jdbcjobstore/tables_postgres.sql";
    /** Any constant will do, as long as ferry alone uses it: "ferry" in ASCII. */
    private static final long ADVISORY_LOCK = 0x6665727279L;

    private JdbcSchema() {
    }

    /** @return whether the tables were created now */
    static boolean ensure(DaemonSettings.Jdbc jdbc) throws DaemonException {
        Properties props = new Properties();
        props.setProperty("user", jdbc.user());
        jdbc.password().ifPresent(p -> props.setProperty("password", p));
        try (Connection c = DriverManager.getConnection(jdbc.url(), props); Statement s = c.createStatement()) {
            s.execute("select pg_advisory_lock(" + ADVISORY_LOCK + ")");
            try {
                if (exists(s)) {
                    return false;
                }
                c.setAutoCommit(false);
                for (String sql : statements()) {
                    s.execute(sql);
                }
                c.commit();
                c.setAutoCommit(true);
                return true;
            } finally {
                s.execute("select pg_advisory_unlock(" + ADVISORY_LOCK + ")");
            }
        } catch (SQLException e) {
            throw new DaemonException("cannot set up Quartz's tables in " + jdbc + ": " + e.getMessage(), e);
        }
    }

    private static boolean exists(Statement s) throws SQLException {
        try (ResultSet r = s.executeQuery("select to_regclass('qrtz_locks') is not null")) {
            r.next();
            return r.getBoolean(1);
        }
    }

    /** The script's statements, without comments and without its closing COMMIT (we commit). */
    static List<String> statements() throws DaemonException {
        String script;
        try (InputStream in = JdbcSchema.class.getResourceAsStream(DDL)) {
            if (in == null) {
                throw new DaemonException("the Quartz jar has no " + DDL, null);
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DaemonException("cannot read " + DDL + ": " + e.getMessage(), e);
        }
        StringBuilder noComments = new StringBuilder();
        script.lines().filter(l -> !l.strip().startsWith("--")).forEach(l -> noComments.append(l).append('\n'));
        List<String> statements = new ArrayList<>();
        for (String sql : noComments.toString().split(";")) {
            String s = sql.strip();
            if (!s.isEmpty() && !s.equalsIgnoreCase("commit") && !s.equalsIgnoreCase("begin")) {
                statements.add(s);
            }
        }
        return statements;
    }
}
