package dev.ferry.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test a {@link TestSshd} parameter: a running private sshd, stopped after the test
 * whether it passed or failed. Without openssh-server the test is skipped, except in CI
 * ({@code CI=true}), which must run it.
 */
public final class TestSshdExtension implements ParameterResolver, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestSshdExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestSshd.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (!TestSshd.available()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new ParameterResolutionException("CI must run the ssh tests: install openssh-server and openssh-client");
            }
            Assumptions.abort("openssh-server is not installed");
        }
        try {
            Path dir = Files.createTempDirectory("ferry-sshd");
            TestSshd sshd = TestSshd.start(dir);
            context.getStore(NAMESPACE).put("sshd", sshd);
            return sshd;
        } catch (Exception e) {
            throw new ParameterResolutionException("cannot start a test sshd: " + e.getMessage(), e);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestSshd sshd = context.getStore(NAMESPACE).remove("sshd", TestSshd.class);
        if (sshd != null) {
            sshd.close();
            sshd.deleteFiles();
        }
    }
}
