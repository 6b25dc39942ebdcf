package dev.ferry.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server that {@code .ci/run} starts: {@code FERRY_TEST_PG_URL} (a jdbc URL),
 * {@code FERRY_TEST_PG_USER}, {@code FERRY_TEST_PG_PASSWORD}. Each test gets a schema of its own,
 * dropped afterwards. Without the variables the test is skipped on a developer machine and fails
 * under {@code CI=true}: CI must run the cluster tests, never skip them.
 */
record TestPostgres(String url, String user, String password, String schema) implements AutoCloseable {

    static TestPostgres require() throws SQLException {
        String url = System.getenv("FERRY_TEST_PG_URL");
        String user = System.getenv("FERRY_TEST_PG_USER");
        String password = System.getenv().getOrDefault("FERRY_TEST_PG_PASSWORD", "");
        if (url == null || user == null) {
            String why = "PostgreSQL tests need FERRY_TEST_PG_URL and FERRY_TEST_PG_USER (.ci/run sets them)";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(why + ", and CI=true: they must run in CI, never skip");
            }
            Assumptions.abort(why);
        }
        String schema = "ferry_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        TestPostgres pg = new TestPostgres(url, user, password, schema);
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("create schema " + schema);
        }
        return pg;
    }

    /** The URL of this test's own schema. */
    String schemaUrl() {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(schemaUrl(), user, password);
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + schema + " cascade");
        }
    }
}
