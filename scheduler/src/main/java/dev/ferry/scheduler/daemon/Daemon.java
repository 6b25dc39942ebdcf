package dev.ferry.scheduler.daemon;

import dev.ferry.scheduler.config.ConfigException;
import dev.ferry.scheduler.config.CronSchedule;
import dev.ferry.scheduler.config.DaemonSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * {@code ferry daemon}: the plan's schedules as Quartz triggers, one Quartz job per volume.
 *
 * <ul>
 *   <li>In memory (the default), a firing missed while the daemon was not running is found from
 *       the job history at start-up and runs once, however many slots were missed.</li>
 *   <li>With {@code store: jdbc}, Quartz's clustered store on PostgreSQL: each firing runs on one
 *       daemon, and the jobs of a daemon that died are recovered by another.</li>
 *   <li>{@link #reload()} (SIGHUP, or a changed config file) reschedules what changed.</li>
 *   <li>{@link #stop(Duration)} (SIGTERM) takes no new firings, waits for running jobs for the
 *       grace period, then aborts them: an aborted send aborts its receive.</li>
 * </ul>
 */
public final class Daemon {
    static final String GROUP = "ferry";
    private static final String KIND = "kind";
    private static final String TARGET = "target";
    private static final String SKIP = "skip ";
    private static final Duration ABORT_WAIT = Duration.ofSeconds(60);
    private static final long WATCH_MILLIS = 2000;

    /** Where the plan comes from; read again on reload. */
    public interface PlanSource {
        DaemonPlan load() throws ConfigException;

        /** The config file to watch for changes, if any. */
        Optional<Path> file();

        /** Always {@code plan}, from no file: for a plan made from command-line options. */
        static PlanSource fixed(DaemonPlan plan) {
            return new PlanSource() {
                @Override
                public DaemonPlan load() {
                    return plan;
                }

                @Override
                public Optional<Path> file() {
                    return Optional.empty();
                }
            };
        }
    }

    private final PlanSource source;
    private final Consumer<String> log;
    private final Consumer<String> runLog;
    private final AtomicReference<DaemonPlan> plan;
    private final DaemonSettings settings;
    private final String instanceId;
    private final History history;
    private final Instant started = Instant.now();
    private final Map<String, Abort> running = new ConcurrentHashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ferry-daemon-watch");
        t.setDaemon(true);
        return t;
    });
    private final FileChannel stateLockChannel;
    private final FileLock stateLock;
    private Scheduler scheduler;
    private Metrics metrics;
    private byte[] configDigest;
    private volatile boolean stopping;

    private Daemon(PlanSource source, DaemonPlan first, Consumer<String> log, Consumer<String> runLog)
            throws DaemonException {
        this.source = source;
        this.log = log;
        this.runLog = runLog;
        this.plan = new AtomicReference<>(first);
        this.settings = first.settings();
        this.instanceId = settings.instanceId().orElseGet(Daemon::hostName);
        Path stateDir = settings.stateDir();
        try {
            Files.createDirectories(stateDir);
            stateLockChannel = FileChannel.open(stateDir.resolve("daemon.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new DaemonException("cannot use state directory " + stateDir + ": " + e.getMessage(), e);
        }
        try {
            stateLock = tryLock(stateLockChannel);
            if (stateLock == null) {
                throw new DaemonException("another ferry daemon uses the state directory " + stateDir
                        + " (it holds " + stateDir.resolve("daemon.lock") + "); give this one its own (state-dir)", null);
            }
            history = History.open(stateDir);
            int unfinished = history.endUnfinished(instanceId, Instant.now());
            if (unfinished > 0) {
                log.accept(unfinished + " run(s) of the last daemon here were cut short; recorded as failed");
            }
        } catch (IOException e) {
            closeQuietly();
            throw new DaemonException("cannot use state directory " + stateDir + ": " + e.getMessage(), e);
        } catch (DaemonException e) {
            closeQuietly();
            throw e;
        }
    }

    /** Null when another daemon holds it: in another process, or in this JVM (tests). */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return null;
        }
    }

    /**
     * Loads the plan, sets Quartz up, schedules every job and starts firing.
     *
     * @param log    what must be said: errors, missed firings, reloads, stopping
     * @param runLog one line per run with its result ({@code -v})
     */
    public static Daemon start(PlanSource source, Consumer<String> log, Consumer<String> runLog)
            throws ConfigException, DaemonException {
        DaemonPlan first = source.load();
        Daemon d = new Daemon(source, first, log, runLog);
        try {
            d.startQuartz();
        } catch (DaemonException | RuntimeException e) {
            d.shutdownQuietly();
            throw e;
        }
        return d;
    }

    private void startQuartz() throws DaemonException {
        if (settings.store() == DaemonSettings.Store.JDBC && JdbcSchema.ensure(settings.jdbc().orElseThrow())) {
            log.accept("created Quartz's tables in " + settings.jdbc().orElseThrow());
        }
        try {
            scheduler = new StdSchedulerFactory(QuartzSetup.properties(settings, instanceId)).getScheduler();
            scheduler.setJobFactory((bundle, s) -> new FerryJob(this));
            sync(plan.get(), true);
            configDigest = digest();
            if (settings.metrics().isPresent()) {
                metrics = Metrics.serve(settings.metrics().get(), this);
            }
            scheduler.start();
            writeSchedule(null);
        } catch (SchedulerException | IOException e) {
            throw new DaemonException("cannot start the scheduler (" + settings.store().name().toLowerCase()
                    + " store): " + e.getMessage(), e);
        }
        source.file().ifPresent(f -> watcher.scheduleWithFixedDelay(this::reloadIfChanged, WATCH_MILLIS, WATCH_MILLIS,
                TimeUnit.MILLISECONDS));
    }

    public String instanceId() {
        return instanceId;
    }

    public Path stateDir() {
        return settings.stateDir();
    }

    /** Where metrics are served, once started; the port is the real one when 0 was asked for. */
    public Optional<InetSocketAddress> metricsAddress() {
        return Optional.ofNullable(metrics).map(Metrics::address);
    }

    History history() {
        return history;
    }

    /** Reads the plan again and reschedules what changed; a broken config is reported and the old schedules stay. */
    public synchronized void reload() {
        if (stopping) {
            return;
        }
        try {
            DaemonPlan next = source.load();
            if (!next.settings().equals(settings)) {
                log.accept("reload: the daemon section changed; store, state-dir, threads, metrics and the like "
                        + "take effect at the next start");
            }
            plan.set(next.withSettings(settings));
            sync(next, false);
            configDigest = digest();
            writeSchedule(null);
            log.accept("reloaded: " + next.jobs().size() + " schedules");
        } catch (ConfigException e) {
            log.accept("reload failed, the schedules stay as they were: " + e.getMessage());
        } catch (SchedulerException e) {
            log.accept("reload failed: " + e.getMessage());
        }
    }

    private void reloadIfChanged() {
        try {
            if (!Arrays.equals(configDigest, digest())) {
                reload();
            }
        } catch (RuntimeException e) {
            log.accept("watching the config: " + e.getMessage());
        }
    }

    private byte[] digest() {
        Optional<Path> file = source.file();
        if (file.isEmpty()) {
            return new byte[0];
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file.get()));
        } catch (IOException e) {
            return new byte[0];
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- schedules ----

    private static JobKey jobKey(String volume) {
        return JobKey.jobKey(volume, GROUP);
    }

    private static TriggerKey triggerKey(JobId id) {
        return TriggerKey.triggerKey(id.toString(), GROUP);
    }

    /** Makes Quartz's triggers those of the plan; unchanged ones are left alone, keeping their state. */
    private void sync(DaemonPlan p, boolean startUp) throws SchedulerException {
        Map<JobId, CronSchedule> wanted = p.jobs();
        Set<TriggerKey> wantedKeys = new HashSet<>();
        wanted.keySet().forEach(id -> wantedKeys.add(triggerKey(id)));
        for (TriggerKey k : scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(GROUP))) {
            if (!wantedKeys.contains(k)) {
                scheduler.unscheduleJob(k);
            }
        }
        TimeZone zone = TimeZone.getTimeZone(p.zone());
        for (Map.Entry<JobId, CronSchedule> e : wanted.entrySet()) {
            store(e.getKey(), e.getValue(), zone, startUp, scheduler.getTrigger(triggerKey(e.getKey())));
        }
        for (JobKey k : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
            if (scheduler.getTriggersOfJob(k).isEmpty()) {
                scheduler.deleteJob(k);
            }
        }
    }

    /**
     * Stores the trigger of {@code id}, unless {@code seen} (what the store held when sync looked)
     * already has this schedule. Between that look and the store, another daemon of a cluster
     * starting at the same time may store the same trigger and fire it; replacing it then would
     * fire that slot a second time (Quartz gives a new cron trigger the slot up to a second before
     * its start). So a trigger found at store time with the same schedule is kept, and one with
     * another schedule is replaced by one that starts after the last slot it fired.
     */
    void store(JobId id, CronSchedule cron, TimeZone zone, boolean startUp, Trigger seen) throws SchedulerException {
        if (sameSchedule(seen, cron, zone)) {
            return;
        }
        ensureJob(id.volume());
        if (seen == null) {
            try {
                scheduler.scheduleJob(trigger(id, cron, zone, startAt(id, cron, zone, startUp)));
                return;
            } catch (ObjectAlreadyExistsException raced) { // another daemon of the cluster was first
                // and is looked at below, like a trigger a config change replaces
            }
        }
        Trigger current = scheduler.getTrigger(triggerKey(id)); // as stored now, not as sync saw it
        if (sameSchedule(current, cron, zone)) {
            return;
        }
        Date start = startAt(id, cron, zone, startUp);
        Date lastFired = current == null ? null : current.getPreviousFireTime();
        // A cron trigger's first slot is the first after (start - 1 s): start past the last fired slot plus that second.
        if (lastFired != null && start.getTime() <= lastFired.getTime() + 1000) {
            start = new Date(lastFired.getTime() + 1001);
        }
        Trigger replacement = trigger(id, cron, zone, start);
        if (scheduler.rescheduleJob(triggerKey(id), replacement) == null) {
            scheduler.scheduleJob(replacement); // removed meanwhile, by a daemon with another config
        }
    }

    private static boolean sameSchedule(Trigger trigger, CronSchedule cron, TimeZone zone) {
        return trigger instanceof CronTrigger c && c.getCronExpression().equals(cron.expression())
                && c.getTimeZone().getID().equals(zone.getID());
    }

    /** The trigger stored for {@code id}, if any: for tests. */
    Trigger storedTrigger(JobId id) throws SchedulerException {
        return scheduler.getTrigger(triggerKey(id));
    }

    private void ensureJob(String volume) throws SchedulerException {
        if (scheduler.checkExists(jobKey(volume))) {
            return;
        }
        JobDetail job = JobBuilder.newJob(FerryJob.class).withIdentity(jobKey(volume)).storeDurably()
                .requestRecovery(true).withDescription("ferry jobs of volume " + volume).build();
        try {
            scheduler.addJob(job, false);
        } catch (ObjectAlreadyExistsException raced) {
            // another daemon of the cluster added it
        }
    }

    private static Trigger trigger(JobId id, CronSchedule cron, TimeZone zone, Date startAt) {
        TriggerBuilder<CronTrigger> b = TriggerBuilder.newTrigger().withIdentity(triggerKey(id)).forJob(jobKey(id.volume()))
                .usingJobData(KIND, id.kind().word())
                .withSchedule(CronScheduleBuilder.cronSchedule(cron.expression()).inTimeZone(zone)
                        .withMisfireHandlingInstructionFireAndProceed())
                .startAt(startAt);
        id.target().ifPresent(t -> b.usingJobData(TARGET, t));
        return b.build();
    }

    /**
     * Now, except at start-up with the in-memory store when the history shows a slot missed since
     * the job last ran: then that slot, which lies in the past, so Quartz takes it for a misfire
     * and fires once, right away (the clustered store keeps its triggers and does this itself).
     */
    private Date startAt(JobId id, CronSchedule cron, TimeZone zone, boolean startUp) {
        Date now = new Date();
        if (!startUp || settings.store() != DaemonSettings.Store.MEMORY) {
            return now;
        }
        Optional<Instant> last = history.lastScheduled(id);
        if (last.isEmpty()) {
            return now;
        }
        try {
            CronExpression expression = new CronExpression(cron.expression());
            expression.setTimeZone(zone);
            Date missed = expression.getNextValidTimeAfter(Date.from(last.get()));
            if (missed != null && missed.before(now)) {
                log.accept(id + ": missed " + missed.toInstant() + " while not running; running it once now");
                return missed;
            }
        } catch (ParseException e) {
            throw new IllegalStateException("checked when read: " + cron, e);
        }
        return now;
    }

    // ---- runs ----

    /** The schedule a firing belongs to: the volume is the job, the kind and target are in the trigger's data. */
    private static JobId jobId(JobExecutionContext context) {
        JobDataMap data = context.getMergedJobDataMap(); // a recovery trigger carries a copy of the original's data
        return new JobId(context.getJobDetail().getKey().getName(), JobKind.of(data.getString(KIND)),
                Optional.ofNullable(data.getString(TARGET)));
    }

    /** One firing, called by {@link FerryJob} on a Quartz worker thread. */
    void run(JobExecutionContext context, Abort abort) {
        JobDataMap data = context.getMergedJobDataMap();
        String volume = context.getJobDetail().getKey().getName();
        JobId id = jobId(context);
        Instant fired = context.getFireTime().toInstant();
        Instant scheduled = context.isRecovering() && data.containsKey(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS)
                ? Instant.ofEpochMilli(Long.parseLong(data.getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS)))
                : context.getScheduledFireTime().toInstant();
        RunRecord run = RunRecord.started(id, instanceId, scheduled, fired, context.isRecovering());
        JobDataMap jobData = context.getJobDetail().getJobDataMap();
        String mark = SKIP + context.getTrigger().getKey().getName();
        if (jobData.containsKey(mark)) {
            jobData.remove(mark);
            record(run, Outcome.skipped("skipped: came due while the previous job of " + volume + " was running"));
            return;
        }
        if (superseded(context)) {
            record(run, Outcome.skipped("skipped: fired " + Duration.between(scheduled, fired).toMillis()
                    + " ms late (was the process paused?) and the next slot has passed too: that one runs instead, once"));
            return;
        }
        running.put(context.getFireInstanceId(), abort);
        try {
            record(run, null);
            Outcome outcome;
            try {
                outcome = JobWork.run(id, plan.get(), abort, line -> log.accept(line));
            } catch (RuntimeException e) {
                outcome = new Outcome(Outcome.Result.FAILED, Optional.empty(), 0, List.of(id + ": " + e));
            }
            record(run, outcome);
            runLog.accept(id + ": " + outcome.result().word() + outcome.snapshot().map(n -> ", " + n).orElse("")
                    + ", " + outcome.bytes() + " bytes, " + Duration.between(fired, Instant.now()).toMillis() + " ms");
            outcome.errors().forEach(e -> log.accept(id + ": " + e));
            if (settings.overlap() == DaemonSettings.Overlap.SKIP) {
                markSkips(context, jobData);
            }
        } finally {
            running.remove(context.getFireInstanceId());
            writeSchedule(null);
        }
    }

    /**
     * A firing Quartz had already taken on when the process stopped (a suspended machine, SIGSTOP)
     * is fired late, with its old slot, and does not count as a misfire; the trigger's next slot,
     * also past, then does, and runs once at once. Running both would run the schedule twice for
     * one pause; the stale one gives way.
     */
    private static boolean superseded(JobExecutionContext context) {
        long now = System.currentTimeMillis();
        long late = context.getFireTime().getTime() - context.getScheduledFireTime().getTime();
        Date next = context.getNextFireTime();
        return !context.isRecovering() && late > QuartzSetup.MISFIRE_THRESHOLD_MILLIS && next != null
                && next.getTime() < now - QuartzSetup.MISFIRE_THRESHOLD_MILLIS;
    }

    /** {@code overlap: skip}: every trigger of the volume that came due during this run skips that firing. */
    private void markSkips(JobExecutionContext context, JobDataMap jobData) {
        Date now = new Date();
        try {
            for (Trigger t : scheduler.getTriggersOfJob(context.getJobDetail().getKey())) {
                if (t.getNextFireTime() != null && !t.getNextFireTime().after(now)) {
                    jobData.put(SKIP + t.getKey().getName(), String.valueOf(t.getNextFireTime().getTime()));
                }
            }
        } catch (SchedulerException e) {
            log.accept("overlap: skip: cannot read the triggers of " + context.getJobDetail().getKey().getName() + ": "
                    + e.getMessage());
        }
    }

    private void record(RunRecord run, Outcome outcome) {
        try {
            if (outcome == null) {
                history.started(run);
            } else {
                history.ended(run.ended(Instant.now(), outcome));
            }
        } catch (IOException e) {
            log.accept("cannot write the job history: " + e.getMessage());
        }
    }

    /** The jobs running in this daemon now, by name. */
    Set<String> runningJobs() {
        Set<String> names = new HashSet<>();
        try {
            for (JobExecutionContext c : scheduler.getCurrentlyExecutingJobs()) {
                names.add(jobId(c).toString());
            }
        } catch (SchedulerException | RuntimeException e) {
            // none known
        }
        return names;
    }

    /** Every scheduled job with its next fire time, as {@code ferry status} and the metrics show it. */
    List<ScheduleState.Entry> scheduleEntries() {
        List<ScheduleState.Entry> entries = new ArrayList<>();
        Set<String> busy = runningJobs();
        DaemonPlan p = plan.get();
        for (Map.Entry<JobId, CronSchedule> e : p.jobs().entrySet()) {
            Instant next = null;
            try {
                Trigger t = scheduler.getTrigger(triggerKey(e.getKey()));
                if (t != null && t.getNextFireTime() != null) {
                    next = t.getNextFireTime().toInstant();
                }
            } catch (SchedulerException | RuntimeException ex) {
                // unknown
            }
            entries.add(new ScheduleState.Entry(e.getKey().toString(), e.getValue().expression(), p.zone().getId(), next,
                    busy.contains(e.getKey().toString())));
        }
        return entries;
    }

    private void writeSchedule(Instant stoppedAt) {
        writeSchedule(stoppedAt, scheduleEntries());
    }

    private synchronized void writeSchedule(Instant stoppedAt, List<ScheduleState.Entry> entries) {
        try {
            new ScheduleState(instanceId, ProcessHandle.current().pid(), settings.store().name().toLowerCase(), started,
                    stoppedAt, entries).write(settings.stateDir());
        } catch (IOException | RuntimeException e) {
            log.accept("cannot write " + settings.stateDir().resolve(ScheduleState.FILE) + ": " + e.getMessage());
        }
    }

    // ---- stopping ----

    /**
     * Takes no new firings, lets running jobs finish within {@code grace}, then aborts them and
     * waits for the aborts to clean up (an aborted receive is given up, never left complete).
     */
    public void stop(Duration grace) {
        synchronized (this) {
            if (stopping) {
                awaitStopped();
                return;
            }
            stopping = true;
        }
        watcher.shutdownNow();
        List<ScheduleState.Entry> lastEntries = scheduleEntries();
        try {
            scheduler.standby();
            if (!waitForRunning(grace)) {
                log.accept("grace period of " + grace.toSeconds() + " s over; aborting " + runningJobs());
                running.values().forEach(Abort::request);
                for (JobExecutionContext c : scheduler.getCurrentlyExecutingJobs()) {
                    scheduler.interrupt(c.getFireInstanceId());
                }
                if (!waitForRunning(ABORT_WAIT)) {
                    log.accept("jobs still running after the abort: " + runningJobs());
                }
            }
            lastEntries = scheduleEntries(); // the next fire times, while the scheduler can still tell them
            // Waiting lets Quartz's own thread finish its database work before the pool closes under it;
            // only a job that ignored its abort could make that wait forever.
            scheduler.shutdown(running.isEmpty());
        } catch (SchedulerException e) {
            log.accept("stopping the scheduler: " + e.getMessage());
        } finally {
            writeSchedule(Instant.now(), lastEntries);
            if (metrics != null) {
                metrics.stop();
            }
            closeQuietly();
            stopped.countDown();
        }
    }

    /** @return whether every running job ended within {@code wait} */
    private boolean waitForRunning(Duration wait) throws SchedulerException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!running.isEmpty() || !scheduler.getCurrentlyExecutingJobs().isEmpty()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Blocks until {@link #stop} has finished. */
    public void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void shutdownQuietly() {
        watcher.shutdownNow();
        try {
            if (scheduler != null) {
                scheduler.shutdown(false);
            }
        } catch (SchedulerException e) {
            // already failing
        }
        if (metrics != null) {
            metrics.stop();
        }
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            stateLockChannel.close();
        } catch (IOException | RuntimeException e) {
            // nothing held then
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
