package dev.ferry.scheduler.config;

import dev.ferry.retention.NamingScheme;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;

/** The snapshot naming schemes by the names used on the command line and in the config. */
public enum SchemeName {
    /** {@code home.20261121T231500Z}: UTC, seconds, sorts as text. */
    FERRY,
    /** {@code home.20261122T0015}: local time, minutes, as btrbk names them. */
    BTRBK,
    /** {@code @GMT-2026.11.21-23.15.00}: Samba vfs_shadow_copy2, Windows "Previous Versions". */
    SAMBA;

    public static SchemeName parse(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown naming scheme '" + text + "' (expected one of "
                    + String.join(", ", Arrays.stream(values()).map(SchemeName::toString).toList()) + ")");
        }
    }

    /** The scheme; btrbk's names are in local time, {@code zone}. */
    public NamingScheme scheme(ZoneId zone) {
        return switch (this) {
            case FERRY -> NamingScheme.ferry();
            case BTRBK -> NamingScheme.btrbk(zone);
            case SAMBA -> NamingScheme.shadowCopy();
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
