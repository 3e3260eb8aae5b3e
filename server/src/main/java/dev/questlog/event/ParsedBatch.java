package dev.questlog.event;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of every event of one request body, in input order ({@code outcomes().get(i).index() == i}).
 */
public record ParsedBatch(List<Outcome> outcomes) {
    public ParsedBatch {
        outcomes = List.copyOf(outcomes);
    }

    public int size() {
        return outcomes.size();
    }

    /** The accepted events, in input order. */
    public List<Outcome.Valid> valid() {
        List<Outcome.Valid> out = new ArrayList<>(outcomes.size());
        for (Outcome o : outcomes) {
            if (o instanceof Outcome.Valid v) {
                out.add(v);
            }
        }
        return out;
    }

    /** The rejected events, in input order. */
    public List<Outcome.Invalid> invalid() {
        List<Outcome.Invalid> out = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o instanceof Outcome.Invalid i) {
                out.add(i);
            }
        }
        return out;
    }

    public int validCount() {
        int n = 0;
        for (Outcome o : outcomes) {
            if (o instanceof Outcome.Valid) {
                n++;
            }
        }
        return n;
    }

    public int invalidCount() {
        return outcomes.size() - validCount();
    }
}
