package dev.ferry.btrfs.testing.tree;

/** One way in which the actual tree differs from the expected one, at one path. */
public record Difference(RelativePath path, Property property, String expected, String actual) {
    @Override
    public String toString() {
        return path + ": " + property.name().toLowerCase(java.util.Locale.ROOT)
                + " expected " + expected + " but was " + actual;
    }
}
