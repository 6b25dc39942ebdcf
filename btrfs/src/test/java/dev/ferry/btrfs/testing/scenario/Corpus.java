package dev.ferry.btrfs.testing.scenario;

import java.util.ArrayList;
import java.util.List;

/** The scenario corpus: every situation a sender and a receiver are tested with. */
public final class Corpus {
    private Corpus() {
    }

    /** The standard scenarios, each a chain of at least three snapshots and quick enough to run all of. */
    public static List<Scenario> standard() {
        List<Scenario> all = new ArrayList<>();
        all.addAll(DataScenarios.all());
        all.addAll(LinkScenarios.all());
        all.addAll(SpecialFileScenarios.all());
        all.addAll(MetadataScenarios.all());
        all.addAll(NamespaceScenarios.all());
        all.addAll(NameScenarios.all());
        return List.copyOf(all);
    }

    /** Scenarios of tens of thousands of entries, run on their own: the 20,000-entry directory. */
    public static List<Scenario> big() {
        return BigScenarios.all();
    }

    /** The scenario with the given name from {@link #standard()} or {@link #big()}. */
    public static Scenario named(String name) {
        return java.util.stream.Stream.concat(standard().stream(), big().stream()).filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no scenario " + name));
    }
}
