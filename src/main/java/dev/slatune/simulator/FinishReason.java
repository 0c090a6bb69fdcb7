package dev.slatune.simulator;

/** Why a generation ended, as vLLM reports it. */
enum FinishReason {
    /** The length limit (max_tokens) was reached. */
    LENGTH("length"),
    /** The model emitted its end-of-sequence token. */
    STOP("stop");

    final String wire;

    FinishReason(String wire) {
        this.wire = wire;
    }
}
