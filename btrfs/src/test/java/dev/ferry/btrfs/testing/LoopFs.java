package dev.ferry.btrfs.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Options for a {@link LoopBtrfs} test parameter: the image size, the filesystem type (btrfs
 * unless a test needs a non-btrfs target such as ext4 or xfs) and mount options.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface LoopFs {
    /** Size of the sparse image file in MiB. */
    long sizeMiB() default 1024;

    /** Filesystem type: btrfs, ext4, xfs. */
    String type() default "btrfs";

    /** Comma-separated mount options, e.g. {@code compress=zstd}. */
    String mountOptions() default "";
}
