package dev.ferry.archive;

/** The version of the running ferry, from the jar's manifest ("dev" when run from classes). */
final class FerryVersion {
    private FerryVersion() {
    }

    static String current() {
        String version = FerryVersion.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
