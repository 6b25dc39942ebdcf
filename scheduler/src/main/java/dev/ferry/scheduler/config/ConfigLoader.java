package dev.ferry.scheduler.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.ferry.retention.Policy;
import dev.ferry.scheduler.backup.VolumeJob;
import dev.ferry.scheduler.target.TargetAddress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads a YAML config into {@link Config}. Every value is parsed as it is read (policies,
 * targets, paths, zones, schemes), so any error comes with the file, the line and the field.
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    public static Config load(Path file) throws ConfigException {
        ConfigFile raw;
        try (InputStream in = Files.newInputStream(file)) {
            raw = mapper().readValue(in, ConfigFile.class);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file, 0, 0, "", "no such file", e);
        } catch (JsonProcessingException e) {
            throw located(file, e);
        } catch (IOException e) {
            throw new ConfigException(file, 0, 0, "", e.getMessage(), e);
        }
        if (raw == null) {
            throw new ConfigException(file, 0, 0, "", "the file is empty", null);
        }
        return resolve(file, raw);
    }

    private static ObjectMapper mapper() {
        SimpleModule values = new SimpleModule("ferry-config-values");
        values.addDeserializer(Policy.class, fromString("a retention policy", Policy::parse));
        values.addDeserializer(TargetAddress.class, fromString("a target", TargetAddress::parse));
        values.addDeserializer(SchemeName.class, fromString("a naming scheme", SchemeName::parse));
        values.addDeserializer(ConfigFile.AbsolutePath.class, fromString("a path", ConfigFile.AbsolutePath::parse));
        values.addDeserializer(ConfigFile.SourcePath.class, fromString("a source", ConfigFile.SourcePath::parse));
        values.addDeserializer(ConfigFile.IdentityFile.class, fromString("a key file", ConfigFile.IdentityFile::parse));
        values.addDeserializer(ConfigFile.MaxChain.class, fromString("a number of streams", ConfigFile.MaxChain::parse));
        values.addDeserializer(CronSchedule.class, fromString("a cron schedule", CronSchedule::parse));
        values.addDeserializer(DaemonSettings.Store.class, fromString("a job store", DaemonSettings.Store::parse));
        values.addDeserializer(DaemonSettings.Overlap.class, fromString("an overlap policy", DaemonSettings.Overlap::parse));
        values.addDeserializer(ConfigFile.Grace.class, fromString("a duration", ConfigFile.Grace::parse));
        values.addDeserializer(ConfigFile.ListenAddress.class, fromString("HOST:PORT", ConfigFile.ListenAddress::parse));
        values.addDeserializer(ZoneId.class, fromString("a time zone", ConfigLoader::zone));
        values.addDeserializer(DayOfWeek.class, fromString("a day of the week", ConfigLoader::dayOfWeek));
        return new ObjectMapper(new YAMLFactory())
                .registerModule(new JavaTimeModule())
                .registerModule(values) // registered last, so its deserializers win
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    private static ZoneId zone(String text) {
        try {
            return ZoneId.of(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + text + "' (expected e.g. UTC or Europe/Berlin)");
        }
    }

    private static DayOfWeek dayOfWeek(String text) {
        try {
            return DayOfWeek.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a day of the week: '" + text + "' (expected monday ... sunday)");
        }
    }

    /** A scalar read by {@code parse}, whose IllegalArgumentException becomes an error at the value. */
    private static <T> JsonDeserializer<T> fromString(String what, Function<String, T> parse) {
        return new JsonDeserializer<>() {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (!p.currentToken().isScalarValue()) {
                    throw JsonMappingException.from(p, "expected " + what + " as a single value");
                }
                try {
                    return parse.apply(p.getValueAsString());
                } catch (IllegalArgumentException e) {
                    throw JsonMappingException.from(p, e.getMessage(), e);
                }
            }
        };
    }

    private static ConfigException located(Path file, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        int line = at == null ? 0 : at.getLineNr();
        int column = at == null ? 0 : at.getColumnNr();
        String field = "";
        String problem = e.getOriginalMessage();
        if (e instanceof JsonMappingException mapping) {
            field = fieldPath(mapping.getPath());
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            List<String> known = unknown.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
            problem = "unknown field '" + unknown.getPropertyName() + "' (known: " + String.join(", ", known) + ")";
            line = lineOfKey(file, unknown.getPropertyName(), line);
            column = 0;
        } else if (e instanceof ValueInstantiationException && e.getCause() instanceof IllegalArgumentException cause) {
            problem = cause.getMessage();
        } else if (e.getCause() instanceof IllegalArgumentException cause && cause.getMessage() != null) {
            problem = cause.getMessage();
        }
        return new ConfigException(file, line, column, field, firstLine(problem), e);
    }

    /**
     * Jackson reads records through a buffer and reports an unknown field where its entry ends;
     * the field is on the nearest line above that starts with its key.
     */
    private static int lineOfKey(Path file, String key, int reported) {
        try {
            List<String> lines = Files.readAllLines(file);
            Pattern keyLine = Pattern.compile("^\\s*(-\\s+)?" + Pattern.quote(key) + "\\s*:");
            for (int i = Math.min(reported, lines.size()) - 1; i >= 0; i--) {
                if (keyLine.matcher(lines.get(i)).find()) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            // keep the reported line
        }
        return reported;
    }

    private static String fieldPath(List<JsonMappingException.Reference> path) {
        StringBuilder s = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (s.length() > 0) {
                    s.append('.');
                }
                s.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                s.append('[').append(ref.getIndex()).append(']');
            }
        }
        return s.toString();
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "invalid";
        }
        int nl = text.indexOf('\n');
        return (nl < 0 ? text : text.substring(0, nl)).strip();
    }

    /** Fills in defaults and checks what spans entries (unique volume names). */
    private static Config resolve(Path file, ConfigFile raw) throws ConfigException {
        ZoneId zone = raw.timezone() == null ? ZoneId.systemDefault() : raw.timezone();
        DayOfWeek weekStart = raw.weekStart() == null ? DayOfWeek.MONDAY : raw.weekStart();
        Policy keep = Objects.requireNonNullElse(raw.keep(), VolumeJob.DEFAULT_KEEP);
        Policy targetKeep = Objects.requireNonNullElse(raw.targetKeep(), VolumeJob.DEFAULT_TARGET_KEEP);
        List<VolumeJob> volumes = new ArrayList<>();
        Map<String, VolumeSchedule> schedules = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < raw.volumes().size(); i++) {
            ConfigFile.VolumeEntry v = raw.volumes().get(i);
            String name = v.name() != null ? v.name() : String.valueOf(v.source().path().getFileName());
            if (!names.add(name)) {
                throw new ConfigException(file, 0, 0, "volumes[" + i + "].name",
                        "two volumes are named '" + name + "'; give one a different name", null);
            }
            Policy volumeTargetKeep = Objects.requireNonNullElse(v.targetKeep(), targetKeep);
            List<VolumeJob.TargetJob> targets = v.targets().stream()
                    .map(t -> new VolumeJob.TargetJob(t.target(), Objects.requireNonNullElse(t.keep(), volumeTargetKeep),
                            t.settings()))
                    .toList();
            SchemeName scheme = v.scheme() == null ? SchemeName.FERRY : v.scheme();
            try {
                volumes.add(new VolumeJob(name, v.source().path(), v.snapshotDir().path(), scheme.scheme(zone),
                        Objects.requireNonNullElse(v.keep(), keep), Boolean.TRUE.equals(v.ifChanged()), targets,
                        v.remote()));
                scheme.scheme(zone).format(name, java.time.Instant.EPOCH); // checks the name
            } catch (IllegalArgumentException e) {
                throw new ConfigException(file, 0, 0, "volumes[" + i + "].name", e.getMessage(), e);
            }
            schedules.put(name, schedule(v));
        }
        DaemonSettings daemon = raw.daemon() == null ? DaemonSettings.defaults() : raw.daemon().settings();
        return new Config(file, zone, weekStart, volumes, schedules, daemon);
    }

    private static VolumeSchedule schedule(ConfigFile.VolumeEntry v) {
        Map<String, CronSchedule> targets = new LinkedHashMap<>();
        v.targets().stream().filter(t -> t.schedule() != null).forEach(t -> targets.put(t.target().toString(), t.schedule()));
        ConfigFile.ScheduleEntry s = v.schedule();
        return s == null ? new VolumeSchedule(Optional.empty(), Optional.empty(), Optional.empty(), targets)
                : new VolumeSchedule(Optional.ofNullable(s.snapshot()), Optional.ofNullable(s.backup()),
                        Optional.ofNullable(s.prune()), targets);
    }
}
