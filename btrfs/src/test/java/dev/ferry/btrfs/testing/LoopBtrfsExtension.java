package dev.ferry.btrfs.testing;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each {@link LoopBtrfs} parameter of a test (or of its {@code @BeforeEach} methods) a
 * freshly made, loop-mounted filesystem of its own, and always tears it down after the test,
 * whether it passed or failed. Options come from {@link LoopFs} on the parameter.
 *
 * <p>Without root, losetup or mkfs.btrfs the test is skipped on a developer machine, but fails
 * when {@code CI=true}: CI must run every btrfs test.
 */
public final class LoopBtrfsExtension implements ParameterResolver, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LoopBtrfsExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LoopBtrfs.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        LoopFs options = parameter.findAnnotation(LoopFs.class).orElse(null);
        long size = options == null ? 1024 : options.sizeMiB();
        String type = options == null ? "btrfs" : options.type();
        String mountOptions = options == null ? "" : options.mountOptions();
        requireEnvironment(type);
        try {
            LoopBtrfs fs = LoopBtrfs.create(size, type, mountOptions);
            created(context).push(fs);
            return fs;
        } catch (IOException | RuntimeException e) {
            throw new ParameterResolutionException("cannot make a loop-mounted " + type + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Deque<LoopBtrfs> filesystems = created(context);
        RuntimeException failure = null;
        while (!filesystems.isEmpty()) {
            try {
                filesystems.pop().close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @SuppressWarnings("unchecked")
    private static Deque<LoopBtrfs> created(ExtensionContext context) {
        return context.getStore(NAMESPACE).computeIfAbsent("filesystems", k -> new ArrayDeque<LoopBtrfs>(), Deque.class);
    }

    private static void requireEnvironment(String type) {
        String missing = null;
        if (!"root".equals(System.getProperty("user.name"))) {
            missing = "root";
        } else if (!Shell.available("losetup")) {
            missing = "losetup";
        } else if (!Shell.available("mkfs." + type)) {
            missing = "mkfs." + type;
        }
        if (missing == null) {
            return;
        }
        String why = "a loop-mounted " + type + " needs " + missing;
        if ("true".equals(System.getenv("CI"))) {
            throw new ParameterResolutionException(why + ", and CI=true: btrfs tests must run in CI, never skip");
        }
        Assumptions.abort(why);
    }
}
