package dev.ferry.receive;

import java.util.HashSet;
import java.util.Set;

/** Passes each kind of warning to the listener once per receive. */
final class Warnings {
    private final ReceiveListener listener;
    private final Set<String> said = new HashSet<>();

    Warnings(ReceiveListener listener) {
        this.listener = listener;
    }

    void once(String kind, String message) {
        if (said.add(kind)) {
            listener.warning(message);
        }
    }
}
