package dev.slatune.load;

/** Receives periodic {@link Progress} of a running probe; called from an event loop, so keep it quick. */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores progress. */
    ProgressListener NONE = p -> {
    };

    /** The latest snapshot. */
    void onProgress(Progress progress);
}
