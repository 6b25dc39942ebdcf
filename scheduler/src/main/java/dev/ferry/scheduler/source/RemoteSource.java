package dev.ferry.scheduler.source;

import dev.ferry.scheduler.target.SshSettings;
import dev.ferry.scheduler.target.TargetAddress;
import java.util.Objects;

/**
 * A source volume on another host, for pull mode: {@code ssh://[user@]host[:port]/path/to/subvol},
 * reached like an ssh target (the same address form and ssh settings), where ferry runs the
 * sending side ({@code ferry target snapshots|snapshot|send|delete}, or {@code ferry serve --allow
 * send,list,snapshot,prune} as a forced command).
 *
 * @param address the host and the source subvolume's path there
 * @param ssh     identity, options and remote ferry command
 */
public record RemoteSource(TargetAddress.Ssh address, SshSettings ssh) {
    public RemoteSource {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(ssh, "ssh");
    }

    @Override
    public String toString() {
        return address.toString();
    }
}
