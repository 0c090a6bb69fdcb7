package dev.slatune.search;

import java.util.List;

/** The search is over: one result per rule group, in the order of the groups. */
public record Done(List<GroupResult> results) implements Step {

    public Done {
        results = List.copyOf(results);
    }
}
