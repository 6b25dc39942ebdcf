package dev.ferry.scheduler.daemon;

import dev.ferry.scheduler.config.DaemonSettings;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/** Quartz's properties for the in-memory store or the clustered JDBC store on PostgreSQL. */
final class QuartzSetup {
    /** The name the daemons of a cluster share. */
    static final String CLUSTER_NAME = "ferry";
    /**
     * A firing more than this late is a misfire: it runs once now and the schedule goes on (so a
     * long run, a suspended machine or a slow start never make a job run once per missed slot).
     */
    static final long MISFIRE_THRESHOLD_MILLIS = 1000;
    /** How often a clustered daemon checks in; a daemon silent for this plus 7.5 s is taken for dead. */
    static final long CLUSTER_CHECKIN_MILLIS = 2000;

    private static final AtomicInteger LOCAL_NAMES = new AtomicInteger();

    private QuartzSetup() {
    }

    static Properties properties(DaemonSettings settings, String instanceId) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceId", instanceId);
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(settings.threads()));
        p.setProperty("org.quartz.jobStore.misfireThreshold", String.valueOf(MISFIRE_THRESHOLD_MILLIS));
        if (settings.store() == DaemonSettings.Store.MEMORY) {
            // Quartz keeps schedulers in a JVM-wide registry by name; tests start several in one JVM.
            p.setProperty("org.quartz.scheduler.instanceName", "ferry-local-" + LOCAL_NAMES.incrementAndGet());
            p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
            return p;
        }
        DaemonSettings.Jdbc jdbc = settings.jdbc().orElseThrow();
        p.setProperty("org.quartz.scheduler.instanceName", CLUSTER_NAME);
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(CLUSTER_CHECKIN_MILLIS));
        // Job data are strings (kind, target, skip marks): no Java serialization in the database.
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        p.setProperty("org.quartz.jobStore.dataSource", "ferry");
        p.setProperty("org.quartz.dataSource.ferry.provider", "hikaricp");
        p.setProperty("org.quartz.dataSource.ferry.driver", "org.postgresql.Driver");
        p.setProperty("org.quartz.dataSource.ferry.URL", jdbc.url());
        p.setProperty("org.quartz.dataSource.ferry.user", jdbc.user());
        p.setProperty("org.quartz.dataSource.ferry.password", jdbc.password().orElse(""));
        p.setProperty("org.quartz.dataSource.ferry.maxConnections", String.valueOf(settings.threads() + 3));
        return p;
    }
}
